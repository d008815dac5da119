package dev.dilate.model;

/**
 * The shape and switches of a LLaDA- or Dream-style bidirectional transformer.
 *
 * @param ropeHalf     true: RoPE rotates pairs (i, i + d/2) ("rotate half", NEOX: Dream, and LLaDA
 *                     from Hugging Face); false: adjacent pairs (2i, 2i+1), LLaDA GGUF files, whose
 *                     converter permuted Wq/Wk to match
 * @param shiftLogits  output row p predicts position p+1 (Dream)
 * @param qkNorm       each head's queries and keys are RMS-normalised (own weights) before RoPE (LLaDA-MoE)
 * @param moe          the feed-forward is a mixture of experts, or null for a dense SwiGLU of width {@code ffn}
 */
public record ModelConfig(String architecture, int dim, int layers, int heads, int kvHeads, int headDim, int ffn,
                          int vocab, float eps, float ropeTheta, boolean ropeHalf, int maskId, boolean shiftLogits,
                          int contextLength, boolean qkNorm, Moe moe) {

    /**
     * A mixture-of-experts feed-forward (LLaDA-MoE): a router (experts x dim, in fp32) scores each
     * position, softmax over all experts, and the position's output is the sum of its {@code used}
     * best experts' SwiGLU outputs (each of width {@code ffn}) weighted by those probabilities,
     * not renormalised.
     */
    public record Moe(int experts, int used, int ffn) {
        public Moe {
            if (experts < 1 || used < 1 || used > experts || ffn < 1)
                throw new IllegalArgumentException("mixture of experts needs 1 <= used <= experts and a positive width, got " + used + " of " + experts + " of width " + ffn);
        }
    }

    /** A dense model without QK norm (LLaDA, Dream). */
    public ModelConfig(String architecture, int dim, int layers, int heads, int kvHeads, int headDim, int ffn,
                       int vocab, float eps, float ropeTheta, boolean ropeHalf, int maskId, boolean shiftLogits,
                       int contextLength) {
        this(architecture, dim, layers, heads, kvHeads, headDim, ffn, vocab, eps, ropeTheta, ropeHalf, maskId, shiftLogits, contextLength, false, null);
    }

    public ModelConfig {
        if (dim < 1 || layers < 1 || heads < 1 || kvHeads < 1 || headDim < 1 || ffn < 1 || vocab < 1)
            throw new IllegalArgumentException("model shape has a non-positive size: " + this);
        if (heads % kvHeads != 0) throw new IllegalArgumentException("head count " + heads + " is not a multiple of the KV head count " + kvHeads);
        if (headDim % 2 != 0) throw new IllegalArgumentException("head dimension " + headDim + " must be even for RoPE");
        if (maskId < 0 || maskId >= vocab) throw new IllegalArgumentException("mask id " + maskId + " is outside the vocabulary of " + vocab);
        if (!(eps > 0)) throw new IllegalArgumentException("RMSNorm epsilon must be > 0, got " + eps);
        if (!(ropeTheta > 0)) throw new IllegalArgumentException("RoPE theta must be > 0, got " + ropeTheta);
    }

    /** Width of all query heads together. */
    public int qDim() { return heads * headDim; }
    /** Width of all key (or value) heads together: smaller than {@link #qDim} under grouped-query attention. */
    public int kvDim() { return kvHeads * headDim; }

    /**
     * Weights a position multiplies through in the layers' projections (for a mixture, the router
     * and the experts it uses): a forward costs 2 x this FLOPs per recomputed position.
     */
    public long projectionWeights() {
        long feedForward = moe == null ? 3L * dim * ffn : (long) dim * moe.experts() + 3L * dim * moe.ffn() * moe.used();
        return (long) layers * ((long) dim * qDim() * 2 + (long) dim * kvDim() * 2 + feedForward);
    }

    /** Parameters in the projections, embeddings and head (for FLOP and size estimates). */
    public long parameters(boolean tiedOutput) {
        long feedForward = moe == null ? 3L * dim * ffn : (long) dim * moe.experts() + 3L * dim * moe.ffn() * moe.experts();
        long perLayer = (long) dim * qDim() * 2 + (long) dim * kvDim() * 2 + feedForward + 2L * dim + (qkNorm ? 2L * headDim : 0);
        return perLayer * layers + (long) vocab * dim * (tiedOutput ? 1 : 2) + dim;
    }
}
