package dev.dilate.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * y[t][o] = sum_k x[t][k] W[o][k] for T tokens: the projection product of a denoising step.
 *
 * <p>Performance notes. Each worker owns a range of output rows (so it streams only its own slice
 * of the weights) and walks k in chunks small enough that the activation panel x[0..T)[chunk]
 * stays in L2. Inside a chunk, four weight rows are decoded once into an L1-resident scratch and
 * reused for every token, in a register tile of 4 rows x 3 tokens = 12 vector accumulators (fits
 * the 32 vector registers of AVX-512 with room for operands). Lanes are reduced once per tile and
 * chunk. Decoding happens exactly once per weight per product, so the encoding costs O(N K) next to
 * the O(N K T) multiply-adds.
 */
public final class Gemm {
    private Gemm() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int ROWS = 4, TOKENS = 3;
    /** Bytes of activations we want resident in L2 per k-chunk. */
    private static final long PANEL_BYTES = 640 * 1024;

    /** y (T x W.rows, row-major) = x (T x W.cols, row-major) times W transposed. */
    public static void multiply(Matrix w, float[] x, int tokens, float[] y) {
        int n = w.rows(), k = w.cols();
        if (x.length < (long) tokens * k || y.length < (long) tokens * n)
            throw new IllegalArgumentException("gemm " + w.name() + ": buffers too small for " + tokens + " tokens");
        java.util.Arrays.fill(y, 0, tokens * n, 0f);
        int chunk = chunk(k, tokens, w.type().blockSize);
        Parallel.forRange(n, ROWS, (from, to) -> rows(w, x, tokens, y, from, to, chunk));
    }

    /** The k-chunk: all of k if the panel fits, else the largest block-aligned multiple of the vector length that does. */
    static int chunk(int k, int tokens, int block) {
        long fit = PANEL_BYTES / 4 / Math.max(1, tokens);
        if (fit >= k) return k;
        int unit = Math.max(block, S.length());
        int c = (int) Math.max(unit, fit / unit * unit);
        return Math.min(c, k);
    }

    private static void rows(Matrix w, float[] x, int T, float[] y, int from, int to, int chunk) {
        int n = w.rows(), k = w.cols();
        float[] scratch = new float[ROWS * chunk];
        long rowBytes = w.rowBytes();
        for (int k0 = 0; k0 < k; k0 += chunk) {
            int kc = Math.min(chunk, k - k0);
            long byteOff = w.type().bytes(k0);
            for (int o = from; o < to; o += ROWS) {
                int rows = Math.min(ROWS, to - o);
                for (int r = 0; r < rows; r++)
                    Dequant.decode(w.type(), w.data(), (long) (o + r) * rowBytes + byteOff, scratch, r * chunk, kc);
                if (rows == ROWS) tileRows4(scratch, chunk, kc, x, k, k0, T, y, n, o);
                else for (int r = 0; r < rows; r++) for (int t = 0; t < T; t++)
                    y[t * n + o + r] += dot(scratch, r * chunk, x, t * k + k0, kc);
            }
        }
    }

    /** Four decoded rows against every token: 4x3 register tiles, then the token remainder one by one. */
    private static void tileRows4(float[] w, int ws, int kc, float[] x, int k, int k0, int T, float[] y, int n, int o) {
        int upper = S.loopBound(kc);
        int t = 0;
        for (; t + TOKENS <= T; t += TOKENS) {
            int x0 = t * k + k0, x1 = x0 + k, x2 = x1 + k;
            FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00, a10 = a00, a11 = a00, a12 = a00,
                    a20 = a00, a21 = a00, a22 = a00, a30 = a00, a31 = a00, a32 = a00;
            for (int i = 0; i < upper; i += S.length()) {
                FloatVector v0 = FloatVector.fromArray(S, x, x0 + i);
                FloatVector v1 = FloatVector.fromArray(S, x, x1 + i);
                FloatVector v2 = FloatVector.fromArray(S, x, x2 + i);
                FloatVector r = FloatVector.fromArray(S, w, i);
                a00 = r.fma(v0, a00); a01 = r.fma(v1, a01); a02 = r.fma(v2, a02);
                r = FloatVector.fromArray(S, w, ws + i);
                a10 = r.fma(v0, a10); a11 = r.fma(v1, a11); a12 = r.fma(v2, a12);
                r = FloatVector.fromArray(S, w, 2 * ws + i);
                a20 = r.fma(v0, a20); a21 = r.fma(v1, a21); a22 = r.fma(v2, a22);
                r = FloatVector.fromArray(S, w, 3 * ws + i);
                a30 = r.fma(v0, a30); a31 = r.fma(v1, a31); a32 = r.fma(v2, a32);
            }
            // Lanes reduced once per tile; a k tail shorter than a vector (tiny test models) is added in scalar.
            int y0 = t * n + o, y1 = y0 + n, y2 = y1 + n;
            y[y0] += sum(a00) + tail(w, 0, x, x0, upper, kc);
            y[y1] += sum(a01) + tail(w, 0, x, x1, upper, kc);
            y[y2] += sum(a02) + tail(w, 0, x, x2, upper, kc);
            y[y0 + 1] += sum(a10) + tail(w, ws, x, x0, upper, kc);
            y[y1 + 1] += sum(a11) + tail(w, ws, x, x1, upper, kc);
            y[y2 + 1] += sum(a12) + tail(w, ws, x, x2, upper, kc);
            y[y0 + 2] += sum(a20) + tail(w, 2 * ws, x, x0, upper, kc);
            y[y1 + 2] += sum(a21) + tail(w, 2 * ws, x, x1, upper, kc);
            y[y2 + 2] += sum(a22) + tail(w, 2 * ws, x, x2, upper, kc);
            y[y0 + 3] += sum(a30) + tail(w, 3 * ws, x, x0, upper, kc);
            y[y1 + 3] += sum(a31) + tail(w, 3 * ws, x, x1, upper, kc);
            y[y2 + 3] += sum(a32) + tail(w, 3 * ws, x, x2, upper, kc);
        }
        for (; t < T; t++)
            for (int r = 0; r < ROWS; r++) y[t * n + o + r] += dot(w, r * ws, x, t * k + k0, kc);
    }

    private static float sum(FloatVector v) { return v.reduceLanes(VectorOperators.ADD); }

    private static float tail(float[] w, int wo, float[] x, int xo, int from, int to) {
        float s = 0;
        for (int i = from; i < to; i++) s += w[wo + i] * x[xo + i];
        return s;
    }

    /** sum_i a[ao + i] b[bo + i] for i < len. */
    public static float dot(float[] a, int ao, float[] b, int bo, int len) {
        int upper = S.loopBound(len);
        FloatVector acc = FloatVector.zero(S);
        for (int i = 0; i < upper; i += S.length())
            acc = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc);
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (int i = upper; i < len; i++) s += a[ao + i] * b[bo + i];
        return s;
    }

    /** y[yo..yo+n) += a x[xo..xo+n). */
    public static void axpy(float a, float[] x, int xo, float[] y, int yo, int n) {
        FloatVector va = FloatVector.broadcast(S, a);
        int upper = S.loopBound(n), i = 0;
        for (; i < upper; i += S.length())
            FloatVector.fromArray(S, x, xo + i).fma(va, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        for (; i < n; i++) y[yo + i] += a * x[xo + i];
    }
}
