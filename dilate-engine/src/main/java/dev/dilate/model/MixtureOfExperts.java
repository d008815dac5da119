package dev.dilate.model;

import dev.dilate.tensor.Activations;
import dev.dilate.tensor.Gemm;
import dev.dilate.tensor.Matrix;
import dev.dilate.tensor.Softmax;

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

    /** How the transformer runs (and times) one projection: out = in W^T over {@code tokens} rows. */
    interface Projection {
        void apply(Matrix w, float[] in, int tokens, float[] out);
    }

    /** out[r] += sum over r's chosen experts e of p_e(r) SwiGLU_e(h[r]), for rows 0..rows-1 of width d. */
    static void add(Weights.Experts weights, ModelConfig.Moe moe, float[] h, int rows, int d, float[] out, Projection project) {
        int E = moe.experts(), k = moe.used(), f = moe.ffn();
        // The router in fp32 whatever the weights' type: which experts run is decided here.
        float[] p = new float[rows * E];
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
        int most = Arrays.stream(count).max().orElse(0);
        float[] x = new float[most * d], g = new float[most * f], u = new float[most * f], y = new float[most * d];
        for (int e = 0; e < E; e++) {
            int n = count[e];
            if (n == 0) continue;
            for (int j = 0; j < n; j++) System.arraycopy(h, slotRow[start[e] + j] * d, x, j * d, d);
            project.apply(weights.gate()[e], x, n, g);
            project.apply(weights.up()[e], x, n, u);
            Activations.swiglu(g, u, g, n * f);
            project.apply(weights.down()[e], g, n, y);
            for (int j = 0; j < n; j++) Gemm.axpy(slotWeight[start[e] + j], y, j * d, out, slotRow[start[e] + j] * d, d);
        }
        if (weights.sharedGate() != null) {     // the shared expert: every row, weight 1
            int fs = moe.sharedFfn();
            float[] gs = new float[rows * fs], us = new float[rows * fs], ys = new float[rows * d];
            project.apply(weights.sharedGate(), h, rows, gs);
            project.apply(weights.sharedUp(), h, rows, us);
            Activations.swiglu(gs, us, gs, rows * fs);
            project.apply(weights.sharedDown(), gs, rows, ys);
            for (int i = 0; i < rows * d; i++) out[i] += ys[i];
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
