package dev.dilate.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hugging Face tensor names of LLaDA (OLMo-style), Dream (Qwen2), LLaDA-MoE and LLaDA 2 (Ling)
 * checkpoints against llama.cpp's GGUF names, which are the names the rest of dilate uses. A
 * mixture's experts are separate tensors in Hugging Face folders and one stacked tensor in GGUF.
 */
final class HFNames {
    private HFNames() {}

    /**
     * GGUF to HF names: whole-model tensors, per-layer suffixes under a layer prefix, and each
     * stacked expert tensor's per-expert HF suffix ({@code %d} is the expert).
     */
    private record Table(Map<String, String> model, String layerPrefix, Map<String, String> layer, Map<String, String> experts) {}

    private static final Table LLADA = new Table(
            ordered("token_embd.weight", "model.transformer.wte.weight",
                    "output_norm.weight", "model.transformer.ln_f.weight",
                    "output.weight", "model.transformer.ff_out.weight"),
            "model.transformer.blocks.",
            ordered("attn_norm.weight", "attn_norm.weight",
                    "attn_q.weight", "q_proj.weight", "attn_q.bias", "q_proj.bias",
                    "attn_k.weight", "k_proj.weight", "attn_k.bias", "k_proj.bias",
                    "attn_v.weight", "v_proj.weight", "attn_v.bias", "v_proj.bias",
                    "attn_output.weight", "attn_out.weight",
                    "ffn_norm.weight", "ff_norm.weight",
                    "ffn_gate.weight", "ff_proj.weight",
                    "ffn_up.weight", "up_proj.weight",
                    "ffn_down.weight", "ff_out.weight"),
            Map.of());

    private static final Table DREAM = new Table(
            ordered("token_embd.weight", "model.embed_tokens.weight",
                    "output_norm.weight", "model.norm.weight",
                    "output.weight", "lm_head.weight"),
            "model.layers.",
            ordered("attn_norm.weight", "input_layernorm.weight",
                    "attn_q.weight", "self_attn.q_proj.weight", "attn_q.bias", "self_attn.q_proj.bias",
                    "attn_k.weight", "self_attn.k_proj.weight", "attn_k.bias", "self_attn.k_proj.bias",
                    "attn_v.weight", "self_attn.v_proj.weight", "attn_v.bias", "self_attn.v_proj.bias",
                    "attn_output.weight", "self_attn.o_proj.weight",
                    "ffn_norm.weight", "post_attention_layernorm.weight",
                    "ffn_gate.weight", "mlp.gate_proj.weight",
                    "ffn_up.weight", "mlp.up_proj.weight",
                    "ffn_down.weight", "mlp.down_proj.weight"),
            Map.of());

    private static final Map<String, String> EXPERTS = ordered(
            "ffn_gate_exps.weight", "mlp.experts.%d.gate_proj.weight",
            "ffn_up_exps.weight", "mlp.experts.%d.up_proj.weight",
            "ffn_down_exps.weight", "mlp.experts.%d.down_proj.weight");

    private static final Table LLADA_MOE = new Table(
            ordered("token_embd.weight", "model.embed_tokens.weight",
                    "output_norm.weight", "model.norm.weight",
                    "output.weight", "lm_head.weight"),
            "model.layers.",
            ordered("attn_norm.weight", "input_layernorm.weight",
                    "attn_q.weight", "self_attn.q_proj.weight",
                    "attn_k.weight", "self_attn.k_proj.weight",
                    "attn_v.weight", "self_attn.v_proj.weight",
                    "attn_q_norm.weight", "self_attn.q_norm.weight",
                    "attn_k_norm.weight", "self_attn.k_norm.weight",
                    "attn_output.weight", "self_attn.o_proj.weight",
                    "ffn_norm.weight", "post_attention_layernorm.weight",
                    "ffn_gate_inp.weight", "mlp.gate.weight"),
            EXPERTS);

    private static final Table LLADA2 = new Table(
            ordered("token_embd.weight", "model.word_embeddings.weight",
                    "output_norm.weight", "model.norm.weight",
                    "output.weight", "lm_head.weight"),
            "model.layers.",
            ordered("attn_norm.weight", "input_layernorm.weight",
                    "attn_qkv.weight", "attention.query_key_value.weight",
                    "attn_q_norm.weight", "attention.query_layernorm.weight",
                    "attn_k_norm.weight", "attention.key_layernorm.weight",
                    "attn_output.weight", "attention.dense.weight",
                    "ffn_norm.weight", "post_attention_layernorm.weight",
                    "ffn_gate.weight", "mlp.gate_proj.weight",
                    "ffn_up.weight", "mlp.up_proj.weight",
                    "ffn_down.weight", "mlp.down_proj.weight",
                    "ffn_gate_inp.weight", "mlp.gate.weight",
                    "exp_probs_b.bias", "mlp.gate.expert_bias",
                    "ffn_gate_shexp.weight", "mlp.shared_experts.gate_proj.weight",
                    "ffn_up_shexp.weight", "mlp.shared_experts.up_proj.weight",
                    "ffn_down_shexp.weight", "mlp.shared_experts.down_proj.weight"),
            EXPERTS);

    private static final String BLOCK = "blk.";

    private static Table table(Architecture a) {
        return switch (a) {
            case LLADA -> LLADA;
            case DREAM -> DREAM;
            case LLADA_MOE -> LLADA_MOE;
            case LLADA2 -> LLADA2;
        };
    }

    /** The HF name of expert e of a stacked GGUF expert tensor ({@code blk.N.ffn_gate_exps.weight}), or null if it is not one. */
    static String hfExpert(Architecture a, String gguf, int e) {
        Table t = table(a);
        int dot = gguf.indexOf('.', BLOCK.length());
        if (!gguf.startsWith(BLOCK) || dot < 0 || !t.experts.containsKey(gguf.substring(dot + 1))) return null;
        return t.layerPrefix + gguf.substring(BLOCK.length(), dot + 1) + t.experts.get(gguf.substring(dot + 1)).formatted(e);
    }

    /** Every HF tensor name a checkpoint of the architecture may hold, experts spelled out one by one. */
    static List<String> hfNames(Architecture a, int layers, int experts) {
        List<String> names = new ArrayList<>();
        for (String g : ggufNames(a, layers)) {
            String hf = hf(a, g);
            if (hf != null) names.add(hf);
            else for (int e = 0; e < experts; e++) names.add(hfExpert(a, g, e));
        }
        return names;
    }

    /** The HF name of a GGUF tensor name, or null if HF checkpoints of this architecture have no such tensor. */
    static String hf(Architecture a, String gguf) {
        Table t = table(a);
        if (t.model.containsKey(gguf)) return t.model.get(gguf);
        int dot = gguf.indexOf('.', BLOCK.length());
        if (!gguf.startsWith(BLOCK) || dot < 0 || !t.layer.containsKey(gguf.substring(dot + 1)))
            return null;
        return t.layerPrefix + gguf.substring(BLOCK.length(), dot + 1) + t.layer.get(gguf.substring(dot + 1));
    }

    /** Every GGUF name the architecture can have, in llama.cpp's file order (embedding, layers, head). */
    static List<String> ggufNames(Architecture a, int layers) {
        Table t = table(a);
        List<String> names = new ArrayList<>();
        names.add("token_embd.weight");
        for (int i = 0; i < layers; i++) {
            for (String s : t.layer.keySet()) names.add(BLOCK + i + "." + s);
            for (String s : t.experts.keySet()) names.add(BLOCK + i + "." + s);
        }
        names.add("output_norm.weight");
        names.add("output.weight");
        return names;
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put(pairs[i], pairs[i + 1]);
        return m;
    }
}
