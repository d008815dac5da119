package dev.dilate.model;

/**
 * The shape and switches of a LLaDA-, Dream- or LLaDA-MoE/2-style transformer.
 *
 * @param ropeHalf       true: RoPE rotates pairs (i, i + d/2) ("rotate half", NEOX: Dream, and LLaDA
 *                       from Hugging Face); false: adjacent pairs (2i, 2i+1), LLaDA GGUF files, whose
 *                       converter permuted Wq/Wk to match
 * @param shiftLogits    output row p predicts position p+1 (Dream)
 * @param qkNorm         each head's queries and keys are RMS-normalised (own weights) before RoPE (LLaDA-MoE, LLaDA 2)
 * @param ropeDims       how many of each head's dimensions RoPE rotates (LLaDA 2: half of them); the rest pass through
 * @param attentionBlock 0 for bidirectional attention; else positions attend within their block of this many,
 *                       counted from position 0, and to every earlier block (LLaDA 2's block-causal mask)
 * @param moe            the feed-forward is a mixture of experts, or null for a dense SwiGLU of width {@code ffn}
 */
public record ModelConfig(String architecture, int dim, int layers, int heads, int kvHeads, int headDim, int ffn,
                          int vocab, float eps, float ropeTheta, boolean ropeHalf, int maskId, boolean shiftLogits,
                          int contextLength, boolean qkNorm, int ropeDims, int attentionBlock, Moe moe) {

    /**
     * A mixture-of-experts feed-forward. A router (experts x dim, in fp32) scores each position;
     * the position's output is the weighted sum of its {@code used} chosen experts' SwiGLU outputs
     * (each of width {@code ffn}), plus an always-on shared expert of width {@code sharedFfn} when
     * that is positive. The first {@code denseLayers} layers have a dense SwiGLU instead.
     * <ul>
     * <li>{@link Router#SOFTMAX} (LLaDA-MoE): probabilities over all experts, the top ones chosen and
     *     used as weights as they are.</li>
     * <li>{@link Router#SIGMOID} (LLaDA 2): sigmoid scores; a selection-only bias is added, the experts
     *     split into {@code groups} groups ranked by the sum of their two best biased scores, only the
     *     best {@code groupsUsed} groups compete, and the chosen experts' unbiased scores are the weights.</li>
     * </ul>
     * Then the weights are divided by their sum when {@code normalize}, and multiplied by {@code scale}.
     */
    public record Moe(int experts, int used, int ffn, Router router, int groups, int groupsUsed, boolean normalize, float scale,
                      int sharedFfn, int denseLayers) {
        /** How the router turns its scores into choices and weights; {@code gguf} is llama.cpp's {@code expert_gating_func} value. */
        public enum Router {
            SOFTMAX(1), SIGMOID(2);

            public final int gguf;

            Router(int gguf) { this.gguf = gguf; }

            /** The router of an {@code expert_gating_func} value; a clear error for one dilate does not run. */
            public static Router ofGguf(long value) {
                for (Router r : values()) if (r.gguf == value) return r;
                throw new IllegalArgumentException("expert_gating_func " + value + " is neither softmax (1) nor sigmoid (2)");
            }
        }

        public Moe {
            if (experts < 1 || used < 1 || used > experts || ffn < 1)
                throw new IllegalArgumentException("mixture of experts needs 1 <= used <= experts and a positive width, got " + used + " of " + experts + " of width " + ffn);
            if (groups < 1 || experts % groups != 0 || groupsUsed < 1 || groupsUsed > groups || (long) groupsUsed * (experts / groups) < used)
                throw new IllegalArgumentException("experts in " + groups + " groups of which " + groupsUsed + " are used cannot offer " + used + " of " + experts + " experts");
            if (sharedFfn < 0 || denseLayers < 0) throw new IllegalArgumentException("a negative shared width or dense layer count");
        }

        /** LLaDA-MoE's mixture: softmax router, no groups, no shared expert, weights as they come. */
        public Moe(int experts, int used, int ffn) { this(experts, used, ffn, Router.SOFTMAX, 1, 1, false, 1f, 0, 0); }

        /** Whether layer i has this mixture (and not a dense feed-forward). */
        public boolean covers(int layer) { return layer >= denseLayers; }
    }

    /** A dense, bidirectional model without QK norm (LLaDA, Dream). */
    public ModelConfig(String architecture, int dim, int layers, int heads, int kvHeads, int headDim, int ffn,
                       int vocab, float eps, float ropeTheta, boolean ropeHalf, int maskId, boolean shiftLogits,
                       int contextLength) {
        this(architecture, dim, layers, heads, kvHeads, headDim, ffn, vocab, eps, ropeTheta, ropeHalf, maskId, shiftLogits, contextLength,
                false, headDim, 0, null);
    }

    public ModelConfig {
        if (dim < 1 || layers < 1 || heads < 1 || kvHeads < 1 || headDim < 1 || ffn < 1 || vocab < 1)
            throw new IllegalArgumentException("model shape has a non-positive size: " + this);
        if (heads % kvHeads != 0) throw new IllegalArgumentException("head count " + heads + " is not a multiple of the KV head count " + kvHeads);
        if (headDim % 2 != 0) throw new IllegalArgumentException("head dimension " + headDim + " must be even for RoPE");
        if (maskId < 0 || maskId >= vocab) throw new IllegalArgumentException("mask id " + maskId + " is outside the vocabulary of " + vocab);
        if (!(eps > 0)) throw new IllegalArgumentException("RMSNorm epsilon must be > 0, got " + eps);
        if (!(ropeTheta > 0)) throw new IllegalArgumentException("RoPE theta must be > 0, got " + ropeTheta);
        if (ropeDims < 2 || ropeDims > headDim || ropeDims % 2 != 0)
            throw new IllegalArgumentException("RoPE over " + ropeDims + " of " + headDim + " head dimensions: it needs an even count, at most the head's");
        if (attentionBlock < 0) throw new IllegalArgumentException("attention block " + attentionBlock + " is negative");
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
        long total = 0;
        for (int i = 0; i < layers; i++) total += attentionWeights() + feedForwardWeights(i, false);
        return total;
    }

    /** Parameters in the projections, embeddings and head (for FLOP and size estimates). */
    public long parameters(boolean tiedOutput) {
        long total = 0;
        for (int i = 0; i < layers; i++) total += attentionWeights() + feedForwardWeights(i, true) + 2L * dim + (qkNorm ? 2L * headDim : 0);
        return total + (long) vocab * dim * (tiedOutput ? 1 : 2) + dim;
    }

    private long attentionWeights() { return (long) dim * qDim() * 2 + (long) dim * kvDim() * 2; }

    /** Layer i's feed-forward weights: a position's share (the experts it uses), or all of them. */
    private long feedForwardWeights(int layer, boolean all) {
        if (moe == null || !moe.covers(layer)) return 3L * dim * ffn;
        return (long) dim * moe.experts() + 3L * dim * moe.ffn() * (all ? moe.experts() : moe.used()) + 3L * dim * moe.sharedFfn();
    }
}
