package dev.dilate.model;

import dev.dilate.format.GGUFWriter;

/**
 * The GGUF metadata of a model, with llama.cpp's keys for the {@code llada}, {@code dream} and
 * {@code llada-moe} architectures, so that {@link GGUFModels} and llama.cpp both read what dilate writes (random
 * benchmark models, conversions, trained models).
 */
public final class ModelMetadata {
    private ModelMetadata() {}

    /** A writer holding the architecture's keys for {@code c}; the caller adds the tokenizer and tensors. */
    public static GGUFWriter writer(ModelConfig c, String name) {
        String a = c.architecture() + ".";
        GGUFWriter w = new GGUFWriter()
                .putString("general.architecture", c.architecture())
                .putString("general.name", name)
                .putU32(a + "context_length", c.contextLength())
                .putU32(a + "embedding_length", c.dim())
                .putU32(a + "block_count", c.layers())
                .putU32(a + "feed_forward_length", c.ffn())
                .putU32(a + "attention.head_count", c.heads())
                .putU32(a + "attention.head_count_kv", c.kvHeads())
                .putF32(a + "attention.layer_norm_rms_epsilon", c.eps())
                .putF32(a + "rope.freq_base", c.ropeTheta())
                .putU32(a + "rope.dimension_count", c.headDim())
                .putU32(a + "vocab_size", c.vocab())
                .putBool(a + "attention.causal", false);
        if (c.moe() != null)
            w.putU32(a + "expert_count", c.moe().experts())
                    .putU32(a + "expert_used_count", c.moe().used())
                    .putU32(a + "expert_feed_forward_length", c.moe().ffn());
        // Only when the heads do not split the hidden size evenly: readers derive it otherwise.
        if (c.headDim() * c.heads() != c.dim())
            w.putU32(a + "attention.key_length", c.headDim()).putU32(a + "attention.value_length", c.headDim());
        // llama.cpp's diffusion program shifts logits unless told otherwise; only Dream wants it.
        if (!c.shiftLogits()) w.putBool("diffusion.shift_logits", false);
        return w;
    }
}
