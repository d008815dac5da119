package dev.dilate.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.dilate.format.SafetensorsDtype;
import dev.dilate.format.SafetensorsWriter;
import dev.dilate.tensor.Quantize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes tiny random Hugging Face folders of LLaDA-MoE ({@code LLaDAMoEModelLM}) and LLaDA 2
 * ({@code LLaDA2MoeModelLM}) with the released checkpoints' config fields and tensor names, spelled
 * out here rather than taken from the code under test: per-expert tensors, LLaDA 2's fused
 * query_key_value, its dense first layer, router bias and shared expert.
 */
final class LingFixtures {
    private LingFixtures() {}

    static final int DIM = 64, LAYERS = 2, HEADS = 4, VOCAB = 80, FFN = 96, EXPERTS = 8, USED = 3, EXPERT_FFN = 32;

    static int mask() { return VOCAB - 3; }

    /** Writes the folder of {@code llada2} or {@code llada-moe}. */
    static Path write(Path folder, boolean llada2, SafetensorsDtype dtype, long seed) {
        int kvHeads = llada2 ? 2 : HEADS, hd = DIM / HEADS, qd = HEADS * hd, kvd = kvHeads * hd;
        JsonObject c = new JsonObject();
        JsonArray arch = new JsonArray();
        arch.add(llada2 ? "LLaDA2MoeModelLM" : "LLaDAMoEModelLM");
        c.add("architectures", arch);
        c.addProperty("hidden_size", DIM);
        c.addProperty("num_hidden_layers", LAYERS);
        c.addProperty("num_attention_heads", HEADS);
        c.addProperty("num_key_value_heads", kvHeads);
        c.addProperty("head_dim", hd);
        c.addProperty("intermediate_size", FFN);
        c.addProperty("vocab_size", VOCAB);
        c.addProperty("rms_norm_eps", 1e-6);
        c.addProperty("rope_theta", llada2 ? 600000.0 : 50000.0);
        c.addProperty("tie_word_embeddings", false);
        c.addProperty("max_position_embeddings", 4096);
        c.addProperty("num_experts", EXPERTS);
        c.addProperty("num_experts_per_tok", USED);
        c.addProperty("mask_token_id", mask());
        if (llada2) {
            c.addProperty("use_qk_norm", true);
            c.addProperty("use_qkv_bias", false);
            c.addProperty("partial_rotary_factor", 0.5);
            c.addProperty("moe_intermediate_size", EXPERT_FFN);
            c.addProperty("num_shared_experts", 1);
            c.addProperty("first_k_dense_replace", 1);
            c.addProperty("n_group", 4);
            c.addProperty("topk_group", 2);
            c.addProperty("score_function", "sigmoid");
            c.addProperty("moe_router_enable_expert_bias", true);
            c.addProperty("norm_topk_prob", true);
            c.addProperty("routed_scaling_factor", 2.5);
        } else {
            c.addProperty("qk_layernorm", true);
            c.addProperty("expert_intermediate_size", EXPERT_FFN);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        SafetensorsWriter w = new SafetensorsWriter().metadata("format", "pt");
        float std = (float) (1 / Math.sqrt(DIM));
        add(w, dtype, llada2 ? "model.word_embeddings.weight" : "model.embed_tokens.weight", rng, 1f, VOCAB, DIM);
        for (int i = 0; i < LAYERS; i++) {
            String p = "model.layers." + i + ".";
            norm(w, p + "input_layernorm.weight", rng, DIM);
            if (llada2) {
                add(w, dtype, p + "attention.query_key_value.weight", rng, std, qd + 2 * kvd, DIM);
                norm(w, p + "attention.query_layernorm.weight", rng, hd);
                norm(w, p + "attention.key_layernorm.weight", rng, hd);
                add(w, dtype, p + "attention.dense.weight", rng, (float) (1 / Math.sqrt(qd)), DIM, qd);
            } else {
                add(w, dtype, p + "self_attn.q_proj.weight", rng, std, qd, DIM);
                add(w, dtype, p + "self_attn.k_proj.weight", rng, std, kvd, DIM);
                add(w, dtype, p + "self_attn.v_proj.weight", rng, std, kvd, DIM);
                norm(w, p + "self_attn.q_norm.weight", rng, hd);
                norm(w, p + "self_attn.k_norm.weight", rng, hd);
                add(w, dtype, p + "self_attn.o_proj.weight", rng, (float) (1 / Math.sqrt(qd)), DIM, qd);
            }
            norm(w, p + "post_attention_layernorm.weight", rng, DIM);
            if (llada2 && i == 0) {     // the dense first layer
                add(w, dtype, p + "mlp.gate_proj.weight", rng, std, FFN, DIM);
                add(w, dtype, p + "mlp.up_proj.weight", rng, std, FFN, DIM);
                add(w, dtype, p + "mlp.down_proj.weight", rng, (float) (1 / Math.sqrt(FFN)), DIM, FFN);
                continue;
            }
            add(w, SafetensorsDtype.F32, p + "mlp.gate.weight", rng, 2 * std, EXPERTS, DIM);
            if (llada2) add(w, SafetensorsDtype.F32, p + "mlp.gate.expert_bias", rng, 0.1f, EXPERTS);
            for (int e = 0; e < EXPERTS; e++) {
                add(w, dtype, p + "mlp.experts." + e + ".gate_proj.weight", rng, std, EXPERT_FFN, DIM);
                add(w, dtype, p + "mlp.experts." + e + ".up_proj.weight", rng, std, EXPERT_FFN, DIM);
                add(w, dtype, p + "mlp.experts." + e + ".down_proj.weight", rng, (float) (1 / Math.sqrt(EXPERT_FFN)), DIM, EXPERT_FFN);
            }
            if (llada2) {
                add(w, dtype, p + "mlp.shared_experts.gate_proj.weight", rng, std, EXPERT_FFN, DIM);
                add(w, dtype, p + "mlp.shared_experts.up_proj.weight", rng, std, EXPERT_FFN, DIM);
                add(w, dtype, p + "mlp.shared_experts.down_proj.weight", rng, (float) (1 / Math.sqrt(EXPERT_FFN)), DIM, EXPERT_FFN);
            }
        }
        norm(w, "model.norm.weight", rng, DIM);
        add(w, dtype, "lm_head.weight", rng, 4 * std, VOCAB, DIM);
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("config.json"), c.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        w.write(folder.resolve("model.safetensors"));
        return folder;
    }

    private static void add(SafetensorsWriter w, SafetensorsDtype dtype, String name, SplittableRandom rng, float std, long... shape) {
        long n = 1;
        for (long s : shape) n *= s;
        float[] v = new float[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) v[i] = (float) ((rng.nextDouble() * 2 - 1) * Math.sqrt(3) * std);
        w.tensor(name, dtype, shape, Quantize.encode(dtype.weightType, v));
    }

    private static void norm(SafetensorsWriter w, String name, SplittableRandom rng, int d) {
        float[] v = new float[d];
        for (int i = 0; i < d; i++) v[i] = (float) (1 + (rng.nextDouble() * 2 - 1) * 0.1);
        w.tensor(name, SafetensorsDtype.F32, new long[] {d}, Quantize.encode(SafetensorsDtype.F32.weightType, v));
    }
}
