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
                .putU32(a + "rope.dimension_count", c.ropeDims())
                .putU32(a + "vocab_size", c.vocab())
                .putBool(a + "attention.causal", false);
        if (c.moe() != null) moe(w, a, c.moe());
        // Only when the heads do not split the hidden size evenly: readers derive it otherwise.
        if (c.headDim() * c.heads() != c.dim())
            w.putU32(a + "attention.key_length", c.headDim()).putU32(a + "attention.value_length", c.headDim());
        // llama.cpp's diffusion program shifts logits unless told otherwise; only Dream wants it.
        if (!c.shiftLogits()) w.putBool("diffusion.shift_logits", false);
        return w;
    }

    /** The mixture's keys, as llama.cpp's bailingmoe2 / llada2 loaders read them (its llada-moe loader reads the first three and ignores the rest). */
    private static void moe(GGUFWriter w, String a, ModelConfig.Moe m) {
        w.putU32(a + "expert_count", m.experts())
                .putU32(a + "expert_used_count", m.used())
                .putU32(a + "expert_feed_forward_length", m.ffn())
                .putU32(a + "expert_gating_func", m.router().gguf)
                .putU32(a + "expert_group_count", m.groups())
                .putU32(a + "expert_group_used_count", m.groupsUsed())
                .putBool(a + "expert_weights_norm", m.normalize())
                .putF32(a + "expert_weights_scale", m.scale())
                .putU32(a + "leading_dense_block_count", m.denseLayers());
        if (m.sharedFfn() > 0) w.putU32(a + "expert_shared_count", 1).putU32(a + "expert_shared_feed_forward_length", m.sharedFfn());
    }
}
