package dev.dilate.model;

import dev.dilate.tensor.Gemm;
import dev.dilate.tensor.Rows;
import dev.dilate.tensor.Softmax;
import dev.dilate.tensor.ThreadBuffer;

import java.util.Arrays;

/**
 * A mixture-of-experts feed-forward over a forward's rows (the routers of LLaDA-MoE and LLaDA 2,
 * see {@link ModelConfig.Moe}). The rows are grouped by expert first, so each expert's three matrices
 * are read once per forward for all the rows that chose it, as one product each, rather than once
 * per row: with a 32-position block and 8 of 64 experts per row nearly every expert is chosen by
 * some row, and reading weights is what a call over few positions costs.
 */
final class MixtureOfExperts {
    private MixtureOfExperts() {}

    /** Per-thread buffers, reused from layer to layer and call to call: a prefill's router scores and shared-expert rows reach megabytes. */
    private static final ThreadBuffer SCORES = new ThreadBuffer(), X = new ThreadBuffer(), G = new ThreadBuffer(), U = new ThreadBuffer(), Y = new ThreadBuffer();

    /** out[r] += sum over r's chosen experts e of p_e(r) SwiGLU_e(h[r]), for rows 0..rows-1 of width d. */
    static void add(Weights.Experts weights, ModelConfig.Moe moe, float[] h, int rows, int d, float[] out, FeedForward.Projection project) {
        int E = moe.experts(), k = moe.used(), f = moe.ffn();
        // The router in fp32 whatever the weights' type: which experts run is decided here.
        float[] p = SCORES.floats(rows * E);
        project.apply(weights.router(), h, rows, p);
        int[] chosen = new int[rows * k];
        float[] weight = new float[rows * k];
        int[] count = new int[E];
        for (int r = 0; r < rows; r++) {
            route(p, r * E, moe, weights.bias(), chosen, weight, r * k);
            for (int j = 0; j < k; j++) count[chosen[r * k + j]]++;
        }
        // Rows grouped by expert: slots[start[e] .. start[e+1]) hold (row, weight) pairs for expert e.
        int[] start = new int[E + 1];
        for (int e = 0; e < E; e++) start[e + 1] = start[e] + count[e];
        int[] slotRow = new int[rows * k], fill = Arrays.copyOf(start, E);
        float[] slotWeight = new float[rows * k];
        for (int i = 0; i < rows * k; i++) {
            int s = fill[chosen[i]]++;
            slotRow[s] = i / k;
            slotWeight[s] = weight[i];
        }
        int most = Arrays.stream(count).max().orElse(0), width = Math.max(most * f, rows * moe.sharedFfn());
        float[] x = X.floats(most * d), g = G.floats(width), u = U.floats(width), y = Y.floats(rows * d);
        for (int e = 0; e < E; e++) {
            int n = count[e];
            if (n == 0) continue;
            for (int j = 0; j < n; j++) System.arraycopy(h, slotRow[start[e] + j] * d, x, j * d, d);
            FeedForward.swiglu(project, weights.gate()[e], weights.up()[e], weights.down()[e], x, n, g, u, y);
            for (int j = 0; j < n; j++) Gemm.axpy(slotWeight[start[e] + j], y, j * d, out, slotRow[start[e] + j] * d, d);
        }
        if (weights.sharedGate() != null) {     // the shared expert: every row, weight 1
            FeedForward.swiglu(project, weights.sharedGate(), weights.sharedUp(), weights.sharedDown(), h, rows, g, u, y);
            Rows.add(out, y, rows * d);
        }
    }

    /**
     * One row's choice: the router's scores z[o..o+E) become the chosen experts (ids[at..at+k)) and
     * their weights (w[at..at+k)), by the mixture's rule.
     */
    static void route(float[] z, int o, ModelConfig.Moe moe, float[] bias, int[] ids, float[] w, int at) {
        int E = moe.experts(), k = moe.used();
        if (moe.router() == ModelConfig.Moe.Router.SOFTMAX) {
            Softmax.inPlace(z, o, E);
            topK(z, o, E, k, ids, w, at);
        } else {
            float[] biased = new float[E];
            for (int e = 0; e < E; e++) {
                z[o + e] = (float) (1 / (1 + Math.exp(-z[o + e])));
                biased[e] = z[o + e] + (bias == null ? 0 : bias[e]);
            }
            keepBestGroups(biased, moe.groups(), moe.groupsUsed());
            topK(biased, 0, E, k, ids, w, at);
            for (int j = 0; j < k; j++) w[at + j] = z[o + ids[at + j]];   // the unbiased scores weigh
        }
        if (moe.normalize()) {
            double sum = 0;
            for (int j = 0; j < k; j++) sum += w[at + j];
            for (int j = 0; j < k; j++) w[at + j] = (float) (w[at + j] / (sum + 1e-20));
        }
        for (int j = 0; j < k; j++) w[at + j] *= moe.scale();
    }

    /** Ranks the groups of experts by the sum of their two best scores and sets every score outside the best {@code used} groups to -infinity. */
    private static void keepBestGroups(float[] s, int groups, int used) {
        if (groups == 1) return;
        int size = s.length / groups;
        float[] score = new float[groups];
        for (int g = 0; g < groups; g++) {
            float first = Float.NEGATIVE_INFINITY, second = Float.NEGATIVE_INFINITY;
            for (int e = g * size; e < (g + 1) * size; e++) {
                if (s[e] > first) { second = first; first = s[e]; }
                else if (s[e] > second) second = s[e];
            }
            score[g] = size > 1 ? first + second : first;
        }
        int[] best = new int[used];
        topK(score, 0, groups, used, best, new float[used], 0);
        boolean[] keep = new boolean[groups];
        for (int g : best) keep[g] = true;
        for (int g = 0; g < groups; g++)
            if (!keep[g]) Arrays.fill(s, g * size, (g + 1) * size, Float.NEGATIVE_INFINITY);
    }

    /** The k largest of p[o..o+n) (ties to the lower index) into ids and their values into w, from at. */
    private static void topK(float[] p, int o, int n, int k, int[] ids, float[] w, int at) {
        for (int j = 0; j < k; j++) {
            int best = -1;
            for (int e = 0; e < n; e++) {
                if (best >= 0 && p[o + e] <= p[o + best]) continue;
                boolean taken = false;
                for (int i = 0; i < j && !taken; i++) taken = ids[at + i] == e;
                if (!taken) best = e;
            }
            ids[at + j] = best;
            w[at + j] = p[o + best];
        }
    }
}
