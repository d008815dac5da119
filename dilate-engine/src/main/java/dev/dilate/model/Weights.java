package dev.dilate.model;

import dev.dilate.tensor.Matrix;

/**
 * A transformer's weights, read in place. Biases are null when the model has none (LLaDA); the
 * output head is the embedding matrix when the model ties them.
 */
public record Weights(Matrix embedding, Layer[] layers, float[] outputNorm, Matrix output, float[] outputBias) {

    /**
     * One pre-norm block: attention, then a SwiGLU feed-forward, dense (gate, up, down) or a
     * mixture of experts (then those three are null). qNorm and kNorm (one head's width) are null
     * without QK norm.
     */
    public record Layer(float[] attentionNorm, Matrix wq, Matrix wk, Matrix wv, float[] bq, float[] bk, float[] bv,
                        float[] qNorm, float[] kNorm, Matrix wo, float[] ffnNorm, Matrix gate, Matrix up, Matrix down,
                        Experts experts) {}

    /**
     * A layer's mixture: the router (experts x dim), its selection-only bias (or null), each
     * expert's SwiGLU projections, and the shared expert's (null without one).
     */
    public record Experts(Matrix router, float[] bias, Matrix[] gate, Matrix[] up, Matrix[] down,
                          Matrix sharedGate, Matrix sharedUp, Matrix sharedDown) {}

    /** Tensors by their llama.cpp (GGUF) names, whatever file they come from; shapes are checked by the source. */
    public interface Source {
        /** Whether the source holds a tensor of that name. */
        boolean has(String name);
        /** The named tensor as a rows x cols matrix; a clear error when it is missing or of another shape. */
        Matrix matrix(String name, long rows, long cols);
        /** The named 1-D tensor, decoded. */
        float[] vector(String name, long length);

        /**
         * The {@code count} matrices (rows x cols each) of a stacked expert tensor, as llama.cpp
         * stores them: one 3-D tensor whose outermost dimension is the expert.
         */
        default Matrix[] experts(String name, int count, int rows, int cols) {
            Matrix all = matrix(name, (long) count * rows, cols);
            Matrix[] out = new Matrix[count];
            for (int e = 0; e < count; e++) out[e] = all.rows(e * rows, rows, name + "[" + e + "]");
            return out;
        }
    }

    /** Reads every tensor of a model of shape {@code c}; the head falls back to the embedding when absent. */
    public static Weights read(ModelConfig c, Source f) {
        Layer[] layers = new Layer[c.layers()];
        for (int i = 0; i < c.layers(); i++) {
            String p = "blk." + i + ".";
            boolean dense = c.moe() == null || !c.moe().covers(i);
            Matrix[] qkv = f.has(p + "attn_qkv.weight") ? fused(f.matrix(p + "attn_qkv.weight", c.qDim() + 2L * c.kvDim(), c.dim()), c)
                    : new Matrix[] {f.matrix(p + "attn_q.weight", c.qDim(), c.dim()), f.matrix(p + "attn_k.weight", c.kvDim(), c.dim()),
                                    f.matrix(p + "attn_v.weight", c.kvDim(), c.dim())};
            layers[i] = new Layer(
                    f.vector(p + "attn_norm.weight", c.dim()),
                    qkv[0], qkv[1], qkv[2],
                    optional(f, p + "attn_q.bias", c.qDim()),
                    optional(f, p + "attn_k.bias", c.kvDim()),
                    optional(f, p + "attn_v.bias", c.kvDim()),
                    c.qkNorm() ? f.vector(p + "attn_q_norm.weight", c.headDim()) : null,
                    c.qkNorm() ? f.vector(p + "attn_k_norm.weight", c.headDim()) : null,
                    f.matrix(p + "attn_output.weight", c.dim(), c.qDim()),
                    f.vector(p + "ffn_norm.weight", c.dim()),
                    dense ? f.matrix(p + "ffn_gate.weight", c.ffn(), c.dim()) : null,
                    dense ? f.matrix(p + "ffn_up.weight", c.ffn(), c.dim()) : null,
                    dense ? f.matrix(p + "ffn_down.weight", c.dim(), c.ffn()) : null,
                    dense ? null : experts(f, p, c));
        }
        Matrix embedding = f.matrix("token_embd.weight", c.vocab(), c.dim());
        Matrix output = f.has("output.weight") ? f.matrix("output.weight", c.vocab(), c.dim()) : embedding;
        return new Weights(embedding, layers, f.vector("output_norm.weight", c.dim()), output, optional(f, "output.bias", c.vocab()));
    }

    /** The fused [Q | K | V] rows as three matrices over the same bytes. */
    private static Matrix[] fused(Matrix qkv, ModelConfig c) {
        int q = c.qDim(), kv = c.kvDim();
        return new Matrix[] {qkv.rows(0, q, qkv.name() + ".q"), qkv.rows(q, kv, qkv.name() + ".k"), qkv.rows(q + kv, kv, qkv.name() + ".v")};
    }

    private static Experts experts(Source f, String p, ModelConfig c) {
        ModelConfig.Moe m = c.moe();
        boolean shared = m.sharedFfn() > 0;
        return new Experts(f.matrix(p + "ffn_gate_inp.weight", m.experts(), c.dim()),
                optional(f, p + "exp_probs_b.bias", m.experts()),
                f.experts(p + "ffn_gate_exps.weight", m.experts(), m.ffn(), c.dim()),
                f.experts(p + "ffn_up_exps.weight", m.experts(), m.ffn(), c.dim()),
                f.experts(p + "ffn_down_exps.weight", m.experts(), c.dim(), m.ffn()),
                shared ? f.matrix(p + "ffn_gate_shexp.weight", m.sharedFfn(), c.dim()) : null,
                shared ? f.matrix(p + "ffn_up_shexp.weight", m.sharedFfn(), c.dim()) : null,
                shared ? f.matrix(p + "ffn_down_shexp.weight", c.dim(), m.sharedFfn()) : null);
    }

    private static float[] optional(Source f, String name, int length) {
        return f.has(name) ? f.vector(name, length) : null;
    }
}
