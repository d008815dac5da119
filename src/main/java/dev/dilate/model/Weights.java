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
}
