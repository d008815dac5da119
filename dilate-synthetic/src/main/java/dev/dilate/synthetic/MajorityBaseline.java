package dev.dilate.synthetic;

import java.util.SplittableRandom;

/**
 * The trivial baseline a trained model must beat: one fixed answer, the most frequent character
 * at each answer position over training problems (ending where most answers end). It ignores the
 * prompt, so what a model scores above it is learned from the prompt.
 */
public final class MajorityBaseline {
    private MajorityBaseline() {}

    /** The fixed answer, from {@code draws} training problems of family f. */
    public static String answer(Family f, int draws, long seed) {
        int width = f.maxAnswerLength() + 1;                 // one more slot: "the answer has ended"
        int[][] counts = new int[width][128];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < draws; i++) {
            String a = Split.train(f, rng).answer();
            for (int p = 0; p < width; p++) counts[p][p < a.length() ? a.charAt(p) : 0]++;
        }
        StringBuilder out = new StringBuilder();
        for (int[] c : counts) {
            int best = 0;
            for (int ch = 1; ch < c.length; ch++) if (c[ch] > c[best]) best = ch;
            if (best == 0) break;
            out.append((char) best);
        }
        return out.toString();
    }
}
