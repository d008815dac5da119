package dev.dilate.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The predictive distribution at one position: softmax of a logits row (in double precision),
 * with the statistics planners rank by. Suppressed tokens have logit -infinity.
 */
final class Distribution {
    private static final double LOG2 = Math.log(2);

    final float[] logits;
    final double[] probs;
    final int argmax;
    final double top1;
    final double top2;
    final double entropyBits;

    Distribution(float[] logits) {
        this.logits = logits;
        int n = logits.length;
        double max = Double.NEGATIVE_INFINITY;
        int best = -1;
        for (int v = 0; v < n; v++) if (logits[v] > max) { max = logits[v]; best = v; }
        if (best < 0 || Double.isNaN(max) || max == Double.POSITIVE_INFINITY)
            throw new IllegalStateException("denoiser returned a logits row with no finite maximum (all tokens suppressed or NaN)");
        probs = new double[n];
        double sum = 0;
        for (int v = 0; v < n; v++) sum += probs[v] = Math.exp(logits[v] - max);
        double h = 0, second = 0;
        for (int v = 0; v < n; v++) {
            double p = probs[v] /= sum;
            if (p > 0) h -= p * Math.log(p);
            if (v != best && p > second) second = p;
        }
        argmax = best;
        top1 = probs[best];
        top2 = second;
        entropyBits = Math.max(0, h / LOG2);
    }

    /** The k most probable tokens, most probable first (ties to the lower id). */
    int[] top(int k) {
        k = Math.min(k, probs.length);
        int[] best = new int[k];
        int n = 0;
        // Insertion into a short sorted list: O(V k) with k at most 20, next to the O(V) softmax.
        for (int v = 0; v < probs.length; v++) {
            if (n == k && probs[v] <= probs[best[k - 1]]) continue;
            int j = n < k ? n++ : k - 1;
            while (j > 0 && probs[best[j - 1]] < probs[v]) { best[j] = best[j - 1]; j--; }
            best[j] = v;
        }
        return best;
    }

    /** Chooses a token: argmax, or a draw from the tempered, top-k and top-p restricted distribution. */
    int draw(Sampling s, SplittableRandom rng) {
        if (s.greedy()) return argmax;
        int n = logits.length;
        double[] w = new double[n];
        double max = logits[argmax];
        for (int v = 0; v < n; v++) w[v] = Math.exp((logits[v] - max) / s.temperature());
        if ((s.topK() > 0 && s.topK() < n) || s.topP() < 1) restrict(w, s);
        double total = 0;
        for (double x : w) total += x;
        double u = rng.nextDouble() * total;
        int last = argmax;
        for (int v = 0; v < n; v++) {
            if (w[v] <= 0) continue;
            last = v;
            if ((u -= w[v]) < 0) return v;
        }
        return last;
    }

    /** Zeroes the weights outside the top-k and then outside the smallest prefix reaching top-p. */
    private static void restrict(double[] w, Sampling s) {
        Integer[] order = new Integer[w.length];
        for (int v = 0; v < w.length; v++) order[v] = v;
        Arrays.sort(order, (a, b) -> Double.compare(w[b], w[a]));
        int keep = s.topK() > 0 ? Math.min(s.topK(), w.length) : w.length;
        double total = 0;
        for (int r = 0; r < keep; r++) total += w[order[r]];
        double cumulative = 0;
        int r = 0;
        for (; r < keep; r++) {
            cumulative += w[order[r]];
            if (cumulative >= s.topP() * total) { r++; break; }
        }
        for (int q = Math.max(r, 1); q < w.length; q++) w[order[q]] = 0;
    }

    double prob(int token) { return probs[token]; }
}
