package dev.dilate.train;

import dev.dilate.model.ModelConfig;
import dev.dilate.tensor.Gemm;
import dev.dilate.tensor.Parallel;
import dev.dilate.tensor.Softmax;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Bidirectional attention of every sequence of a batch over itself, with grouped KV heads, and
 * its backward pass. With Qs = Q / sqrt(hd), S = Qs K^T, P = softmax(S) by rows and O = P V:
 * dV = P^T dO, dP = dO V^T, dS = P * (dP - rowsum(dP * P)), dQ = dS K / sqrt(hd), dK = dS^T Qs.
 *
 * <p>Every product is one head's L x L or L x hd problem on {@link Gemm#multiplySerial}; the
 * parallel jobs are (sequence, KV head) pairs, so the query heads that share a KV head add their
 * dK and dV into one worker's buffer and no two workers write the same values.
 */
final class SelfAttention {
    private SelfAttention() {}

    private static final int P = Gemm.PAD;
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** Per-worker operands, each starting at {@link Gemm#PAD} for aligned loads. */
    private static final class Scratch {
        float[] q = new float[0], qt, k, kt, v, vt, dout, doutT, y, dk, dv, probs = new float[0], probsT, ds, dsT;

        void fit(int L, int hd) {
            int vec = P + L * hd, sq = P + L * L;
            if (q.length < vec) {
                q = new float[vec]; qt = new float[vec]; k = new float[vec]; kt = new float[vec]; v = new float[vec]; vt = new float[vec];
                dout = new float[vec]; doutT = new float[vec]; y = new float[vec]; dk = new float[vec]; dv = new float[vec];
            }
            if (probs.length < sq) { probs = new float[sq]; probsT = new float[sq]; ds = new float[sq]; dsT = new float[sq]; }
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * out (B L x qDim) = attention of q over k, v (rows of B sequences of L, RoPE applied); the
     * probabilities are saved to probs, (sequence, head) blocks of L x L.
     */
    static void forward(float[] q, float[] k, float[] v, int B, int L, ModelConfig c, float[] probs, float[] out) {
        int hd = c.headDim(), H = c.heads(), group = H / c.kvHeads();
        float scale = (float) (1 / Math.sqrt(hd));
        Parallel.forRange(B * c.kvHeads(), 1, (from, to) -> {
            Scratch s = SCRATCH.get();
            s.fit(L, hd);
            for (int job = from; job < to; job++) {
                int b = job / c.kvHeads(), kvh = job % c.kvHeads();
                load(k, b, L, c.kvDim(), kvh * hd, hd, 1, s.k, null);
                load(v, b, L, c.kvDim(), kvh * hd, hd, 1, null, s.vt);
                for (int h = kvh * group; h < (kvh + 1) * group; h++) {
                    load(q, b, L, c.qDim(), h * hd, hd, scale, s.q, null);
                    Gemm.multiplySerial(s.k, P, L, hd, s.q, P, L, s.probs, P);
                    for (int t = 0; t < L; t++) Softmax.inPlace(s.probs, P + t * L, L);
                    System.arraycopy(s.probs, P, probs, (b * H + h) * L * L, L * L);
                    Gemm.multiplySerial(s.vt, P, hd, L, s.probs, P, L, s.y, P);
                    store(s.y, b, L, c.qDim(), h * hd, hd, 1, out);
                }
            }
        });
    }

    /** dq, dk, dv (overwritten) from dOut, given the forward's q, k, v and probabilities. */
    static void backward(float[] q, float[] k, float[] v, float[] probs, float[] dOut, int B, int L, ModelConfig c,
                         float[] dq, float[] dk, float[] dv) {
        int hd = c.headDim(), H = c.heads(), group = H / c.kvHeads();
        float scale = (float) (1 / Math.sqrt(hd));
        Parallel.forRange(B * c.kvHeads(), 1, (from, to) -> {
            Scratch s = SCRATCH.get();
            s.fit(L, hd);
            for (int job = from; job < to; job++) {
                int b = job / c.kvHeads(), kvh = job % c.kvHeads();
                load(k, b, L, c.kvDim(), kvh * hd, hd, 1, null, s.kt);
                load(v, b, L, c.kvDim(), kvh * hd, hd, 1, s.v, null);
                java.util.Arrays.fill(s.dk, 0);
                java.util.Arrays.fill(s.dv, 0);
                for (int h = kvh * group; h < (kvh + 1) * group; h++) {
                    load(q, b, L, c.qDim(), h * hd, hd, scale, null, s.qt);
                    load(dOut, b, L, c.qDim(), h * hd, hd, 1, s.dout, s.doutT);
                    int po = (b * H + h) * L * L;
                    System.arraycopy(probs, po, s.probs, P, L * L);
                    transpose(s.probs, s.probsT, L);
                    Gemm.multiplySerial(s.doutT, P, hd, L, s.probsT, P, L, s.y, P);       // dV = P^T dO
                    for (int i = P; i < P + L * hd; i++) s.dv[i] += s.y[i];
                    Gemm.multiplySerial(s.v, P, L, hd, s.dout, P, L, s.ds, P);            // dP = dO V^T
                    for (int t = 0; t < L; t++) {
                        int o = P + t * L;
                        double dot = 0;
                        for (int j = 0; j < L; j++) dot += (double) s.ds[o + j] * s.probs[o + j];
                        float m = (float) dot;
                        for (int j = 0; j < L; j++) s.ds[o + j] = s.probs[o + j] * (s.ds[o + j] - m);
                    }
                    transpose(s.ds, s.dsT, L);
                    Gemm.multiplySerial(s.kt, P, hd, L, s.ds, P, L, s.y, P);              // dQ = dS K / sqrt(hd)
                    store(s.y, b, L, c.qDim(), h * hd, hd, scale, dq);
                    Gemm.multiplySerial(s.qt, P, hd, L, s.dsT, P, L, s.y, P);             // dK = dS^T Qs
                    for (int i = P; i < P + L * hd; i++) s.dk[i] += s.y[i];
                }
                store(s.dk, b, L, c.kvDim(), kvh * hd, hd, 1, dk);
                store(s.dv, b, L, c.kvDim(), kvh * hd, hd, 1, dv);
            }
        });
    }

    /**
     * Sequence b's columns [col, col + hd) of a (B L x width) matrix, times scale, into rows
     * (L x hd) and/or its transpose (hd x L), both from offset {@link #P}. Rows are copied a vector
     * at a time; the transpose's writes are L apart, so it stays scalar.
     */
    private static void load(float[] m, int b, int L, int width, int col, int hd, float scale, float[] rows, float[] cols) {
        for (int t = 0; t < L; t++) {
            int from = (b * L + t) * width + col;
            if (rows != null) scaled(m, from, rows, P + t * hd, hd, scale);
            if (cols != null) for (int i = 0; i < hd; i++) cols[P + i * L + t] = m[from + i] * scale;
        }
    }

    /** Rows (L x hd, from offset P) times scale into sequence b's columns [col, col + hd) of out. */
    private static void store(float[] rows, int b, int L, int width, int col, int hd, float scale, float[] out) {
        for (int t = 0; t < L; t++) scaled(rows, P + t * hd, out, (b * L + t) * width + col, hd, scale);
    }

    /** to[tf..tf+n) = scale from[ff..ff+n). */
    private static void scaled(float[] from, int ff, float[] to, int tf, int n, float scale) {
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += S.length())
            FloatVector.fromArray(S, from, ff + i).mul(scale).intoArray(to, tf + i);
        for (; i < n; i++) to[tf + i] = from[ff + i] * scale;
    }

    /** The transpose of an L x L block at offset P. */
    private static void transpose(float[] a, float[] out, int L) {
        for (int t = 0; t < L; t++) for (int j = 0; j < L; j++) out[P + j * L + t] = a[P + t * L + j];
    }
}
