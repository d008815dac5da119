package dev.dilate.model;

import dev.dilate.tensor.Gemm;
import dev.dilate.tensor.Parallel;
import dev.dilate.tensor.Softmax;

import java.util.Arrays;

/**
 * Bidirectional (unmasked) or block-causal multi-head attention with grouped KV heads, out =
 * softmax(q k^T / sqrt(d)) v. With no causal mask every query sees every key, so each head is two dense
 * products (a block-causal mask only cuts each query's softmax short), S = Q K^T and O = P V, run with the same register-tiled kernel as the projections
 * (heads are the parallel jobs). The L x L scores of one head live only in its worker's scratch.
 * Where the keys and values come from is a {@link KeyValues}: this call's rows, or a cache.
 */
final class Attention {
    private Attention() {}

    /**
     * One KV head's keys (L rows of hd) and values transposed (hd rows of L), as the products
     * read them: copied into the worker's scratch, or pointed at where they already lie so.
     */
    interface KeyValues {
        /** L, the number of keys. */
        int length();

        /** Sets s.keys/s.keysAt and s.valuesT/s.valuesTAt to KV head kvh, filling s.k and s.vt from PAD if it copies. */
        void head(int kvh, Scratch s);
    }

    /** Per-worker buffers: one head's Q, K, V transposed, scores and output; the operands start at Gemm.PAD. */
    static final class Scratch {
        static final int P = Gemm.PAD;
        float[] q = new float[0], k = new float[0], vt = new float[0], scores = new float[0], out = new float[0];
        /** Where the current KV head's keys and transposed values are: s.k and s.vt at P, or elsewhere. */
        float[] keys, valuesT;
        int keysAt, valuesTAt;
        /** The KV source and head last prepared: the query heads of one group share it. */
        private KeyValues preparedFor;
        private int preparedHead = -1;

        private void fit(int queries, int keys, int hd) {
            if (q.length < P + queries * hd) { q = new float[P + queries * hd]; out = new float[queries * hd]; }
            if (k.length < P + keys * hd) { k = new float[P + keys * hd]; vt = new float[P + keys * hd]; }
            if (scores.length < P + queries * keys) scores = new float[P + queries * keys];
        }

        private void prepare(KeyValues kv, int kvh) {
            if (preparedFor == kv && preparedHead == kvh) return;
            kv.head(kvh, this);
            preparedFor = kv;
            preparedHead = kvh;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** The key/value rows kv0..kv0+L of this call's stacked k and v (rows of kvDim): one canvas of a stack. */
    static KeyValues rows(float[] k, float[] v, int kv0, int L, ModelConfig c) {
        int hd = c.headDim(), kvDim = c.kvDim();
        return new KeyValues() {
            @Override public int length() { return L; }

            @Override public void head(int kvh, Scratch s) {
                int p = Scratch.P;
                for (int t = 0; t < L; t++) {
                    System.arraycopy(k, (kv0 + t) * kvDim + kvh * hd, s.k, p + t * hd, hd);
                    for (int i = 0; i < hd; i++) s.vt[p + i * L + t] = v[(kv0 + t) * kvDim + kvh * hd + i];
                }
                s.keys = s.k;
                s.keysAt = p;
                s.valuesT = s.vt;
                s.valuesTAt = p;
            }
        };
    }

    /**
     * Rows q0..q0+Q of out (rows of qDim) = attention of the same rows of q over the keys and values
     * of kv, whose key t is canvas position t. Under a block-causal mask (c.attentionBlock() > 0) the
     * query at canvas position positions[q0 + t] sees only the keys up to the end of its block.
     */
    static void compute(float[] q, int q0, int Q, int[] positions, KeyValues kv, float[] out, ModelConfig c) {
        int hd = c.headDim(), qDim = c.qDim(), group = c.heads() / c.kvHeads(), L = kv.length(), block = c.attentionBlock();
        float scale = (float) (1 / Math.sqrt(hd));
        Parallel.forRange(c.heads(), 1, (from, to) -> {
            Scratch s = SCRATCH.get();
            s.fit(Q, L, hd);
            s.preparedFor = null;
            for (int h = from; h < to; h++) {
                s.prepare(kv, h / group);
                // The 1/sqrt(d) scale folded into Q once, instead of into Q L scores.
                int p = Scratch.P;
                for (int t = 0; t < Q; t++)
                    for (int i = 0; i < hd; i++) s.q[p + t * hd + i] = q[(q0 + t) * qDim + h * hd + i] * scale;
                Gemm.multiplySerial(s.keys, s.keysAt, L, hd, s.q, p, Q, s.scores, p);
                for (int t = 0; t < Q; t++) {
                    int seen = block == 0 ? L : Math.min(L, (positions[q0 + t] / block + 1) * block);
                    Softmax.inPlace(s.scores, p + t * L, seen);
                    Arrays.fill(s.scores, p + t * L + seen, p + (t + 1) * L, 0f);   // later blocks weigh nothing
                }
                Gemm.multiplySerial(s.valuesT, s.valuesTAt, hd, L, s.scores, p, Q, s.out, 0);
                for (int t = 0; t < Q; t++) System.arraycopy(s.out, t * hd, out, (q0 + t) * qDim + h * hd, hd);
            }
            // No view of this call's buffers or of a cache outlives the call.
            s.preparedFor = null;
            s.keys = s.valuesT = null;
        });
    }
}
