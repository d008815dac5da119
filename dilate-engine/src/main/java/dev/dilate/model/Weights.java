package dev.dilate.model;

import dev.dilate.tensor.Matrix;

/**
 * A transformer's weights, read in place. Biases are null when the model has none (LLaDA); the
 * output head is the embedding matrix when the model ties them.
 */
public record Weights(Matrix embedding, Layer[] layers, float[] outputNorm, Matrix output, float[] outputBias) {

    /** One pre-norm block: attention, then a SwiGLU feed-forward. */
    public record Layer(float[] attentionNorm, Matrix wq, Matrix wk, Matrix wv, float[] bq, float[] bk, float[] bv,
                        Matrix wo, float[] ffnNorm, Matrix gate, Matrix up, Matrix down) {}

    /** Tensors by their llama.cpp (GGUF) names, whatever file they come from; shapes are checked by the source. */
    public interface Source {
        boolean has(String name);
        Matrix matrix(String name, long rows, long cols);
        float[] vector(String name, long length);
    }

    /** Reads every tensor of a model of shape {@code c}; the head falls back to the embedding when absent. */
    public static Weights read(ModelConfig c, Source f) {
        Layer[] layers = new Layer[c.layers()];
        for (int i = 0; i < c.layers(); i++) {
            String p = "blk." + i + ".";
            layers[i] = new Layer(
                    f.vector(p + "attn_norm.weight", c.dim()),
                    f.matrix(p + "attn_q.weight", c.qDim(), c.dim()),
                    f.matrix(p + "attn_k.weight", c.kvDim(), c.dim()),
                    f.matrix(p + "attn_v.weight", c.kvDim(), c.dim()),
                    optional(f, p + "attn_q.bias", c.qDim()),
                    optional(f, p + "attn_k.bias", c.kvDim()),
                    optional(f, p + "attn_v.bias", c.kvDim()),
                    f.matrix(p + "attn_output.weight", c.dim(), c.qDim()),
                    f.vector(p + "ffn_norm.weight", c.dim()),
                    f.matrix(p + "ffn_gate.weight", c.ffn(), c.dim()),
                    f.matrix(p + "ffn_up.weight", c.ffn(), c.dim()),
                    f.matrix(p + "ffn_down.weight", c.dim(), c.ffn()));
        }
        Matrix embedding = f.matrix("token_embd.weight", c.vocab(), c.dim());
        Matrix output = f.has("output.weight") ? f.matrix("output.weight", c.vocab(), c.dim()) : embedding;
        return new Weights(embedding, layers, f.vector("output_norm.weight", c.dim()), output, optional(f, "output.bias", c.vocab()));
    }

    private static float[] optional(Source f, String name, int length) {
        return f.has(name) ? f.vector(name, length) : null;
    }
}
