package dev.dilate.model;

import dev.dilate.tensor.Gemm;
import dev.dilate.tensor.Parallel;

/**
 * Bidirectional (unmasked) multi-head attention with grouped KV heads, out = softmax(q k^T /
 * sqrt(d)) v, one query row at a time against all L keys. The L x L score matrix is never built:
 * a worker holds one row of scores. Work is split over (head, query) pairs.
 */
final class Attention {
    private Attention() {}

    static void compute(float[] q, float[] k, float[] v, float[] out, int queries, int keys, ModelConfig c) {
        int hd = c.headDim(), qDim = c.qDim(), kvDim = c.kvDim(), group = c.heads() / c.kvHeads();
        float scale = (float) (1 / Math.sqrt(hd));
        Parallel.forRange(c.heads() * queries, Math.max(1, queries / 8), (from, to) -> {
            float[] scores = new float[keys];
            for (int job = from; job < to; job++) {
                int h = job / queries, t = job % queries, kvh = h / group;
                int qo = t * qDim + h * hd, oo = qo;
                float max = Float.NEGATIVE_INFINITY;
                for (int s = 0; s < keys; s++) {
                    float sc = Gemm.dot(q, qo, k, s * kvDim + kvh * hd, hd) * scale;
                    scores[s] = sc;
                    if (sc > max) max = sc;
                }
                float sum = 0;
                for (int s = 0; s < keys; s++) sum += scores[s] = (float) Math.exp(scores[s] - max);
                float inv = 1 / sum;
                java.util.Arrays.fill(out, oo, oo + hd, 0f);
                for (int s = 0; s < keys; s++) Gemm.axpy(scores[s] * inv, v, s * kvDim + kvh * hd, out, oo, hd);
            }
        });
    }
}
