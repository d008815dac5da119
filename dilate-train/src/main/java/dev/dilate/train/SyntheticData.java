package dev.dilate.train;

import dev.dilate.synthetic.Family;
import dev.dilate.synthetic.Split;
import dev.dilate.tokenizer.Tokenizer;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Training examples from the synthetic families (train split only; the held-out problems the
 * evaluation uses are never drawn): a family chosen uniformly from the list (one named twice is
 * drawn twice as often), its prompt, and its answer padded with EOS to the whole canvas, as
 * LLaDA's fine-tuning pads answers, so the model learns to end an answer and block size matters.
 */
public final class SyntheticData implements TrainingData {
    private final List<Family> families;
    private final Tokenizer tokenizer;
    private final int canvas;

    public SyntheticData(List<Family> families, Tokenizer tokenizer, int canvas) {
        if (families.isEmpty()) throw new IllegalArgumentException("no synthetic family to train on");
        if (tokenizer.eosId() < 0) throw new IllegalArgumentException("the tokenizer needs an EOS token to pad answers");
        for (Family f : families)
            if (f.maxAnswerLength() >= canvas)
                throw new IllegalArgumentException("family " + f.name() + " writes answers of up to " + f.maxAnswerLength()
                        + " characters; the canvas of " + canvas + " must be longer (room for EOS)");
        this.families = List.copyOf(families);
        this.tokenizer = tokenizer;
        this.canvas = canvas;
    }

    @Override
    public Example next(SplittableRandom rng) {
        Family f = families.get(rng.nextInt(families.size()));
        dev.dilate.synthetic.Example e = Split.train(f, rng);
        int[] answer = tokenizer.encode(e.answer());
        int[] padded = Arrays.copyOf(answer, canvas);
        Arrays.fill(padded, answer.length, canvas, tokenizer.eosId());
        return new Example(tokenizer.encode(e.prompt()), padded);
    }
}
