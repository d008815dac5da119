package dev.dilate.train;

import dev.dilate.tensor.Parallel;

/**
 * RMSNorm h = x / rms(x) * w over rows of d values, forward and backward. With r = 1/sqrt(mean(x^2)
 * + eps), dh/dx couples every value of a row through r: dx_j = r w_j g_j - r^3 x_j / d
 * sum_i g_i w_i x_i, and dw_i = sum over rows of g_i x_i r.
 */
final class RmsNorm {
    private RmsNorm() {}

    /** Rows per block of the weight gradient's partial sums (fixed, so the sum's order is too). */
    private static final int BLOCK = 64;

    /** out = x r w, saving r per row; the same arithmetic as inference's norm, so logits agree. */
    static void forward(float[] x, float[] w, float eps, int rows, int d, float[] out, float[] inv) {
        Parallel.forRange(rows, 8, (from, to) -> {
            for (int t = from; t < to; t++) {
                int o = t * d;
                double ss = 0;
                for (int i = 0; i < d; i++) ss += (double) x[o + i] * x[o + i];
                float r = (float) (1 / Math.sqrt(ss / d + eps));
                inv[t] = r;
                for (int i = 0; i < d; i++) out[o + i] = x[o + i] * r * w[i];
            }
        });
    }

    /** dx += the gradient through the norm of dOut; dw = the weight's gradient (overwritten). */
    static void backward(float[] x, float[] inv, float[] w, float[] dOut, int rows, int d, float[] dx, float[] dw) {
        int blocks = (rows + BLOCK - 1) / BLOCK;
        float[] partial = new float[blocks * d];
        Parallel.forRange(blocks, 1, (from, to) -> {
            for (int b = from; b < to; b++)
                for (int t = b * BLOCK; t < Math.min(rows, (b + 1) * BLOCK); t++) {
                    int o = t * d;
                    float r = inv[t];
                    double dot = 0;
                    for (int i = 0; i < d; i++) {
                        dot += (double) dOut[o + i] * w[i] * x[o + i];
                        partial[b * d + i] += dOut[o + i] * x[o + i] * r;
                    }
                    float c = (float) (dot * r * r * r / d);
                    for (int i = 0; i < d; i++) dx[o + i] += r * w[i] * dOut[o + i] - c * x[o + i];
                }
        });
        java.util.Arrays.fill(dw, 0);
        for (int b = 0; b < blocks; b++) for (int i = 0; i < d; i++) dw[i] += partial[b * d + i];
    }
}
