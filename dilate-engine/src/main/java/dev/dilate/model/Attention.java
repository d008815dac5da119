package dev.dilate.model;

import dev.dilate.tensor.Gemm;
import dev.dilate.tensor.Parallel;
import dev.dilate.tensor.Softmax;

/**
 * Bidirectional (unmasked) multi-head attention with grouped KV heads, out = softmax(q k^T /
 * sqrt(d)) v. With no causal mask every query sees every key, so each head is two dense
 * products, S = Q K^T and O = P V, run with the same register-tiled kernel as the projections
 * (heads are the parallel jobs). The L x L scores of one head live only in its worker's scratch.
 */
final class Attention {
    private Attention() {}

    /** Per-worker buffers: one head's Q, K, V transposed, scores and output; the operands start at Gemm.PAD. */
    private static final class Scratch {
        static final int P = Gemm.PAD;
        float[] q = new float[0], k = new float[0], vt = new float[0], scores = new float[0], out = new float[0];

        void fit(int queries, int keys, int hd) {
            if (q.length < P + queries * hd) { q = new float[P + queries * hd]; out = new float[queries * hd]; }
            if (k.length < P + keys * hd) { k = new float[P + keys * hd]; vt = new float[P + keys * hd]; }
            if (scores.length < P + queries * keys) scores = new float[P + queries * keys];
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * Rows q0..q0+Q of out (rows of qDim) = attention of the same rows of q over the key/value
     * rows kv0..kv0+L of k and v: one canvas of a stack.
     */
    static void compute(float[] q, int q0, int Q, float[] k, float[] v, int kv0, int L, float[] out, ModelConfig c) {
        int hd = c.headDim(), qDim = c.qDim(), kvDim = c.kvDim(), group = c.heads() / c.kvHeads();
        float scale = (float) (1 / Math.sqrt(hd));
        Parallel.forRange(c.heads(), 1, (from, to) -> {
            Scratch s = SCRATCH.get();
            s.fit(Q, L, hd);
            for (int h = from; h < to; h++) {
                int kvh = h / group;
                // The 1/sqrt(d) scale folded into Q once, instead of into Q L scores.
                int p = Scratch.P;
                for (int t = 0; t < Q; t++)
                    for (int i = 0; i < hd; i++) s.q[p + t * hd + i] = q[(q0 + t) * qDim + h * hd + i] * scale;
                for (int t = 0; t < L; t++) {
                    System.arraycopy(k, (kv0 + t) * kvDim + kvh * hd, s.k, p + t * hd, hd);
                    for (int i = 0; i < hd; i++) s.vt[p + i * L + t] = v[(kv0 + t) * kvDim + kvh * hd + i];
                }
                Gemm.multiplySerial(s.k, p, L, hd, s.q, p, Q, s.scores, p);
                for (int t = 0; t < Q; t++) Softmax.inPlace(s.scores, p + t * L, L);
                Gemm.multiplySerial(s.vt, p, hd, L, s.scores, p, Q, s.out, 0);
                for (int t = 0; t < Q; t++) System.arraycopy(s.out, t * hd, out, (q0 + t) * qDim + h * hd, hd);
            }
        });
    }
}
