package dev.dilate.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A source of training examples. Implementations must draw only from the random generator they
 * are given: the trainer derives it from the seed and the step, which is what makes a resumed
 * run repeat an uninterrupted one exactly.
 */
public interface TrainingData {

    /** A prompt (never masked) and the answer the model learns to fill in. */
    record Example(int[] prompt, int[] answer) {
        public Example {
            if (answer.length == 0 && prompt.length == 0) throw new IllegalArgumentException("an example needs at least one token");
        }
        public int length() { return prompt.length + answer.length; }
    }

    Example next(SplittableRandom rng);

    /** {@code size} examples in a row. */
    default List<Example> batch(int size, SplittableRandom rng) {
        List<Example> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) out.add(next(rng));
        return out;
    }
}
