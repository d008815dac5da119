package dev.dilate.train;

import dev.dilate.model.ModelConfig;
import dev.dilate.tensor.Dense;
import dev.dilate.tensor.Rows;

/**
 * The first block's queries, keys and values before RoPE, as tables over the vocabulary. That
 * block's input row is its token's embedding, so the norm and the three projections depend on the
 * token alone: they run on the V entries of the vocabulary instead of the T rows of a batch (23
 * against 2,048 at the reference shape, about 3% of a step's multiply-adds), and each row copies
 * its token's entries. The backward pass first sums each token's row gradients: the products and
 * the norm's gradient are linear in them, so the weight and embedding gradients are the per-row
 * ones summed in another order.
 */
final class TokenProjections {
    private final ModelConfig c;
    /** Per token: the normed embedding, its 1/rms, and the projections. */
    private final float[] h, inv, q, k, v;
    /** Per token: the sums of its rows' gradients at q, k and v, and at h. */
    private final float[] dq, dk, dv, dh;

    TokenProjections(ModelConfig c) {
        this.c = c;
        int V = c.vocab(), d = c.dim();
        h = new float[V * d]; inv = new float[V]; dh = new float[V * d];
        q = new float[V * c.qDim()]; k = new float[V * c.kvDim()]; v = new float[V * c.kvDim()];
        dq = new float[V * c.qDim()]; dk = new float[V * c.kvDim()]; dv = new float[V * c.kvDim()];
    }

    /**
     * Whether a batch of so many rows gains (every row would repeat a token's work several times)
     * and the table applies: not when the first block is also the last, whose queries are the
     * head's rows only.
     */
    static boolean pays(ModelConfig c, int rows) { return 4 * c.vocab() <= rows && c.layers() > 1; }

    /** qRows, kRows, vRows (one row per token of the batch) = the tokens' projections, before RoPE. */
    void forward(Parameters.Layer w, float[] embedding, int[] tokens, float[] qRows, float[] kRows, float[] vRows) {
        int V = c.vocab(), d = c.dim();
        RmsNorm.forward(embedding, w.attentionNorm(), c.eps(), V, d, h, inv);
        Dense.forward(w.wq(), c.qDim(), d, h, V, q);
        Dense.forward(w.wk(), c.kvDim(), d, h, V, k);
        Dense.forward(w.wv(), c.kvDim(), d, h, V, v);
        Rows.gather(q, tokens, c.qDim(), qRows);
        Rows.gather(k, tokens, c.kvDim(), kRows);
        Rows.gather(v, tokens, c.kvDim(), vRows);
    }

    /**
     * From the rows' gradients at q, k and v (after RoPE's inverse): writes the three weights' and
     * the norm's gradients and adds the branch's gradient to dEmbedding.
     */
    void backward(Parameters.Layer w, Parameters.Layer g, float[] embedding, int[] tokens,
                  float[] dqRows, float[] dkRows, float[] dvRows, float[] dEmbedding) {
        int V = c.vocab(), d = c.dim(), qd = c.qDim(), kvd = c.kvDim();
        Rows.scatter(dqRows, tokens, qd, dq, V);
        Rows.scatter(dkRows, tokens, kvd, dk, V);
        Rows.scatter(dvRows, tokens, kvd, dv, V);
        Dense.weightGradient(dq, qd, h, d, V, g.wq());
        Dense.weightGradient(dk, kvd, h, d, V, g.wk());
        Dense.weightGradient(dv, kvd, h, d, V, g.wv());
        Dense.inputGradient(w.wq(), qd, d, dq, V, dh, false);
        Dense.inputGradient(w.wk(), kvd, d, dk, V, dh, true);
        Dense.inputGradient(w.wv(), kvd, d, dv, V, dh, true);
        RmsNorm.backward(embedding, inv, w.attentionNorm(), dh, V, d, dEmbedding, g.attentionNorm());
    }
}
