package dev.dilate.model;

/**
 * The shape and switches of a LLaDA- or Dream-style bidirectional transformer.
 *
 * @param ropeHalf     true: RoPE rotates pairs (i, i + d/2) ("rotate half", NEOX: Dream, and LLaDA
 *                     from Hugging Face); false: adjacent pairs (2i, 2i+1), LLaDA GGUF files, whose
 *                     converter permuted Wq/Wk to match
 * @param shiftLogits  output row p predicts position p+1 (Dream)
 */
public record ModelConfig(String architecture, int dim, int layers, int heads, int kvHeads, int headDim, int ffn,
                          int vocab, float eps, float ropeTheta, boolean ropeHalf, int maskId, boolean shiftLogits,
                          int contextLength) {

    public ModelConfig {
        if (dim < 1 || layers < 1 || heads < 1 || kvHeads < 1 || headDim < 1 || ffn < 1 || vocab < 1)
            throw new IllegalArgumentException("model shape has a non-positive size: " + this);
        if (heads % kvHeads != 0) throw new IllegalArgumentException("head count " + heads + " is not a multiple of the KV head count " + kvHeads);
        if (headDim % 2 != 0) throw new IllegalArgumentException("head dimension " + headDim + " must be even for RoPE");
        if (maskId < 0 || maskId >= vocab) throw new IllegalArgumentException("mask id " + maskId + " is outside the vocabulary of " + vocab);
        if (!(eps > 0)) throw new IllegalArgumentException("RMSNorm epsilon must be > 0, got " + eps);
        if (!(ropeTheta > 0)) throw new IllegalArgumentException("RoPE theta must be > 0, got " + ropeTheta);
    }

    public int qDim() { return heads * headDim; }
    public int kvDim() { return kvHeads * headDim; }

    /** Weights a position multiplies through in the layers' projections: a forward costs 2 x this FLOPs per recomputed position. */
    public long projectionWeights() {
        return (long) layers * ((long) dim * qDim() * 2 + (long) dim * kvDim() * 2 + 3L * dim * ffn);
    }

    /** Parameters in the projections, embeddings and head (for FLOP and size estimates). */
    public long parameters(boolean tiedOutput) {
        long perLayer = (long) dim * qDim() * 2 + (long) dim * kvDim() * 2 + 3L * dim * ffn + 2L * dim;
        return perLayer * layers + (long) vocab * dim * (tiedOutput ? 1 : 2) + dim;
    }
}
