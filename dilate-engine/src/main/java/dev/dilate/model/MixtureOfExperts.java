package dev.dilate.model;

import dev.dilate.tensor.Activations;
import dev.dilate.tensor.Gemm;
import dev.dilate.tensor.Matrix;
import dev.dilate.tensor.Softmax;

import java.util.Arrays;

/**
 * A mixture-of-experts feed-forward over a forward's rows (LLaDA-MoE's router, see
 * {@link ModelConfig.Moe}). The rows are grouped by expert first, so each expert's three matrices
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
            Softmax.inPlace(p, r * E, E);
            topK(p, r * E, E, k, chosen, weight, r * k);
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
