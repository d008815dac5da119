package dev.dilate.planner;

/** How a ranking planner orders the candidate positions: higher score is revealed first. */
public enum Ranking {
    /** p(x0), LLaDA's low_confidence and Dream's maskgit_plus. */
    CONFIDENCE,
    /** p1 - p2, Dream's topk_margin. */
    MARGIN,
    /** -H, Dream's entropy. */
    NEG_ENTROPY,
    /** A uniform draw per position, LLaDA's random remasking. */
    RANDOM;

    double of(Predictions p, int i, Block block) {
        return switch (this) {
            case CONFIDENCE -> p.confidence(i);
            case MARGIN -> p.margin(i);
            case NEG_ENTROPY -> -p.entropyBits(i);
            case RANDOM -> block.rng().nextDouble();
        };
    }

    /** Candidate indices sorted best first; ties go to the leftmost position so runs are reproducible. */
    static Integer[] rank(Predictions p, Ranking score, Block block) {
        int n = p.size();
        double[] s = new double[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) { s[i] = score.of(p, i, block); order[i] = i; }
        java.util.Arrays.sort(order, (a, b) -> s[a] != s[b] ? Double.compare(s[b], s[a]) : Integer.compare(p.position(a), p.position(b)));
        return order;
    }

    static int[] positions(Predictions p, Integer[] order, int count) {
        int[] out = new int[count];
        for (int r = 0; r < count; r++) out[r] = p.position(order[r]);
        return out;
    }
}
