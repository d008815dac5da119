package dev.dilate.model;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.dilate.format.SafetensorsDtype;
import dev.dilate.format.SafetensorsWriter;
import dev.dilate.tensor.Quantize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes tiny random Hugging Face folders (config.json + safetensors, optionally sharded) with
 * the real checkpoints' key and tensor names, spelled out here rather than taken from the code
 * under test.
 */
public final class HFFixtures {
    private HFFixtures() {}

    /** Dream always has q/k/v biases; {@code qkvBias} adds them to LLaDA (include_qkv_bias). */
    public record Shape(boolean llada, int dim, int layers, int heads, int kvHeads, int ffn, int vocab, boolean tied, boolean qkvBias) {
        public int headDim() { return dim / heads; }
        public int maskId() { return vocab - 3; }
    }

    public static final Shape LLADA = new Shape(true, 64, 2, 4, 2, 96, 80, false, false);
    public static final Shape DREAM = new Shape(false, 64, 2, 4, 2, 96, 80, false, true);

    private record Tensor(String name, long[] shape, float[] values) {}

    /** Writes the folder; shards > 1 splits the tensors round-robin and writes the index. */
    public static Path write(Path folder, Shape s, SafetensorsDtype dtype, int shards, long seed) {
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("config.json"), config(s).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Tensor> tensors = tensors(s, new SplittableRandom(seed));
        if (shards == 1) {
            writer(tensors, dtype).write(folder.resolve("model.safetensors"));
            return folder;
        }
        JsonObject weightMap = new JsonObject();
        for (int k = 0; k < shards; k++) {
            String file = String.format("model-%05d-of-%05d.safetensors", k + 1, shards);
            List<Tensor> part = new ArrayList<>();
            for (int i = k; i < tensors.size(); i += shards) {
                part.add(tensors.get(i));
                weightMap.addProperty(tensors.get(i).name, file);
            }
            writer(part, dtype).write(folder.resolve(file));
        }
        JsonObject index = new JsonObject();
        index.add("metadata", new JsonObject());
        index.add("weight_map", weightMap);
        try {
            Files.writeString(folder.resolve("model.safetensors.index.json"), new Gson().toJson(index));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return folder;
    }

    private static SafetensorsWriter writer(List<Tensor> tensors, SafetensorsDtype dtype) {
        SafetensorsWriter w = new SafetensorsWriter().metadata("format", "pt");
        for (Tensor t : tensors) w.tensor(t.name, dtype, t.shape, Quantize.encode(dtype.weightType, t.values));
        return w;
    }

    static JsonObject config(Shape s) {
        JsonObject c = new JsonObject();
        JsonArray arch = new JsonArray();
        if (s.llada) {
            arch.add("LLaDAModelLM");
            c.addProperty("model_type", "llada");
            c.addProperty("d_model", s.dim);
            c.addProperty("n_heads", s.heads);
            c.addProperty("n_kv_heads", s.kvHeads);
            c.addProperty("n_layers", s.layers);
            c.addProperty("mlp_hidden_size", s.ffn);
            c.addProperty("vocab_size", s.vocab);
            c.addProperty("embedding_size", s.vocab);
            c.addProperty("rope_theta", 500000.0);
            c.addProperty("rms_norm_eps", 1e-5);
            c.addProperty("weight_tying", s.tied);
            c.addProperty("include_bias", false);
            c.addProperty("include_qkv_bias", s.qkvBias);
            c.addProperty("block_type", "llama");
            c.addProperty("max_sequence_length", 4096);
        } else {
            arch.add("DreamModel");
            c.addProperty("model_type", "Dream");
            c.addProperty("hidden_size", s.dim);
            c.addProperty("num_hidden_layers", s.layers);
            c.addProperty("num_attention_heads", s.heads);
            c.addProperty("num_key_value_heads", s.kvHeads);
            c.addProperty("intermediate_size", s.ffn);
            c.addProperty("vocab_size", s.vocab);
            c.addProperty("rms_norm_eps", 1e-6);
            c.addProperty("rope_theta", 1000000.0);
            c.addProperty("tie_word_embeddings", s.tied);
            c.addProperty("max_position_embeddings", 2048);
        }
        c.add("architectures", arch);
        c.addProperty("mask_token_id", s.maskId());
        return c;
    }

    private static List<Tensor> tensors(Shape s, SplittableRandom rng) {
        int d = s.dim, qd = s.heads * s.headDim(), kvd = s.kvHeads * s.headDim(), f = s.ffn;
        float std = (float) (1 / Math.sqrt(d));
        Map<String, Tensor> t = new LinkedHashMap<>();
        String m = s.llada ? "model.transformer." : "model.";
        add(t, m + (s.llada ? "wte" : "embed_tokens") + ".weight", rng, 1f, s.vocab, d);
        for (int i = 0; i < s.layers; i++) {
            String p = s.llada ? m + "blocks." + i + "." : m + "layers." + i + ".";
            String a = s.llada ? p : p + "self_attn.";
            norm(t, p + (s.llada ? "attn_norm" : "input_layernorm") + ".weight", rng, d);
            add(t, a + "q_proj.weight", rng, std, qd, d);
            add(t, a + "k_proj.weight", rng, std, kvd, d);
            add(t, a + "v_proj.weight", rng, std, kvd, d);
            if (s.qkvBias) {
                add(t, a + "q_proj.bias", rng, 0.1f, qd);
                add(t, a + "k_proj.bias", rng, 0.1f, kvd);
                add(t, a + "v_proj.bias", rng, 0.1f, kvd);
            }
            add(t, a + (s.llada ? "attn_out" : "o_proj") + ".weight", rng, (float) (1 / Math.sqrt(qd)), d, qd);
            norm(t, p + (s.llada ? "ff_norm" : "post_attention_layernorm") + ".weight", rng, d);
            String ff = s.llada ? p : p + "mlp.";
            add(t, ff + (s.llada ? "ff_proj" : "gate_proj") + ".weight", rng, std, f, d);
            add(t, ff + "up_proj.weight", rng, std, f, d);
            add(t, ff + (s.llada ? "ff_out" : "down_proj") + ".weight", rng, (float) (1 / Math.sqrt(f)), d, f);
        }
        norm(t, m + (s.llada ? "ln_f" : "norm") + ".weight", rng, d);
        if (!s.tied) add(t, s.llada ? m + "ff_out.weight" : "lm_head.weight", rng, 4 * std, s.vocab, d);
        return new ArrayList<>(t.values());
    }

    private static void norm(Map<String, Tensor> t, String name, SplittableRandom rng, int d) {
        float[] v = new float[d];
        for (int i = 0; i < d; i++) v[i] = 1 + 0.1f * (float) gaussian(rng);
        t.put(name, new Tensor(name, new long[] {d}, v));
    }

    private static void add(Map<String, Tensor> t, String name, SplittableRandom rng, float std, long... shape) {
        long n = 1;
        for (long x : shape) n *= x;
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) v[i] = std * (float) gaussian(rng);
        t.put(name, new Tensor(name, shape, v));
    }

    private static double gaussian(SplittableRandom rng) {
        double u = 1 - rng.nextDouble(), v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
