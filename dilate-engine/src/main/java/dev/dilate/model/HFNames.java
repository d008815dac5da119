package dev.dilate.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hugging Face tensor names of LLaDA (OLMo-style) and Dream (Qwen2) checkpoints against
 * llama.cpp's GGUF names, which are the names the rest of dilate uses.
 */
final class HFNames {
    private HFNames() {}

    /** GGUF to HF names: whole-model tensors, and per-layer suffixes under a layer prefix. */
    private record Table(Map<String, String> model, String layerPrefix, Map<String, String> layer) {}

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
                    "ffn_down.weight", "ff_out.weight"));

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
                    "ffn_down.weight", "mlp.down_proj.weight"));

    private static final String BLOCK = "blk.";

    private static Table table(Architecture a) { return a == Architecture.LLADA ? LLADA : DREAM; }

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
        for (int i = 0; i < layers; i++) for (String s : t.layer.keySet()) names.add(BLOCK + i + "." + s);
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
