package dev.dilate.planner;

import java.util.SplittableRandom;

/** Hand-made predictions for planner tests. */
final class Preds {
    private Preds() {}

    /** Candidates at the given positions with confidence = top1 = conf[i], top2 = 0, entropy = h[i]. */
    static Predictions of(int[] positions, double[] conf, double[] entropy) {
        int n = positions.length;
        double[] top2 = new double[n];
        return new Predictions(positions, new int[n], conf.clone(), conf.clone(), top2, entropy.clone());
    }

    static Predictions withTop2(int[] positions, double[] top1, double[] top2) {
        int n = positions.length;
        return new Predictions(positions, new int[n], top1.clone(), top1.clone(), top2.clone(), new double[n]);
    }

    static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) r[i] = from + i;
        return r;
    }

    static Block block(int start, int size) { return new Block(start, size, new SplittableRandom(42)); }
}
