package dev.dilate.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The fields of a Hugging Face {@code config.json} that a LLaDA ({@code LLaDAModelLM}, OLMo-style
 * names), Dream ({@code DreamModel}, Qwen2 names), LLaDA-MoE ({@code LLaDAMoEModelLM}) or LLaDA 2
 * ({@code LLaDA2MoeModelLM}) checkpoint needs, checked for sense.
 *
 * @param vocab  rows of the embedding and of the head (LLaDA's embedding_size when it pads the vocabulary)
 * @param moe    the mixture of experts, or null for a dense model
 */
public record HFConfig(Architecture architecture, int dim, int layers, int heads, int kvHeads, int headDim, int ffn,
                       int vocab, float eps, float ropeTheta, boolean tiedOutput, boolean qkvBias, int maskId,
                       int contextLength, boolean qkNorm, int ropeDims, ModelConfig.Moe moe) {

    /**
     * LLaDA-MoE's and LLaDA 2's configs do not name their mask token; their generate() defaults
     * and tokenizers give it this id ({@code <|mask|>}).
     */
    private static final int LING_MASK_ID = 156895;

    /** The file in a model folder that this record reads. */
    public static final String FILE = "config.json";
    private static final long MAX_BYTES = 10_000_000;

    /** The engine's view: rotate-half RoPE for all (HF weights are not permuted); only Dream shifts. */
    public ModelConfig modelConfig() {
        return new ModelConfig(architecture.ggufName, dim, layers, heads, kvHeads, headDim, ffn, vocab, eps, ropeTheta,
                true, maskId, architecture.shiftsLogits, contextLength, qkNorm, ropeDims, architecture.attentionBlock, moe);
    }

    /** Reads {@code folder/config.json}. */
    public static HFConfig read(Path folder) {
        Path file = folder.resolve(FILE);
        JsonObject o;
        try {
            if (!Files.isRegularFile(file)) throw new IllegalArgumentException(file + ": no such file (a Hugging Face model folder has a config.json)");
            if (Files.size(file) > MAX_BYTES) throw new IllegalArgumentException(file + ": larger than " + MAX_BYTES + " bytes, not a model config");
            JsonElement e = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) throw new IllegalArgumentException(file + ": not a JSON object");
            o = e.getAsJsonObject();
        } catch (IOException | JsonParseException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        }
        return new Fields(file, o).config();
    }

    /** Typed, checked access to the JSON fields, with errors naming the file and the key. */
    private record Fields(Path file, JsonObject o) {

        HFConfig config() {
            Architecture arch = architecture();
            if (has("rope_scaling")) throw error("rope_scaling " + o.get("rope_scaling") + " is not supported (LLaDA and Dream use plain RoPE)");
            HFConfig c = switch (arch) {
                case LLADA -> llada();
                case DREAM -> dream();
                case LLADA_MOE, LLADA2 -> ling(arch);
            };
            check(c);
            return c;
        }

        private Architecture architecture() {
            JsonElement a = o.get("architectures");
            if (a != null && a.isJsonArray())
                for (JsonElement e : a.getAsJsonArray())
                    for (Architecture arch : Architecture.values())
                        if (e.isJsonPrimitive() && e.getAsString().equals(arch.hfClass)) return arch;
            throw error("architectures is " + a + "; dilate loads " + String.join(", ", Arrays.stream(Architecture.values()).map(x -> x.hfClass).toList()));
        }

        private HFConfig llada() {
            if (bool("include_bias", false)) throw error("include_bias = true (biases on every projection) is not supported; LLaDA-8B has none");
            String block = has("block_type") ? primitive("block_type").getAsString() : "llama";
            if (!block.equals("llama")) throw error("block_type '" + block + "' is not supported (LLaDA uses 'llama' blocks with separate q/k/v and ff_proj/up_proj)");
            int dim = integer("d_model"), heads = integer("n_heads");
            int ffn = has("mlp_hidden_size") ? integer("mlp_hidden_size") : integer("mlp_ratio", 4) * dim;
            int vocab = has("embedding_size") ? integer("embedding_size") : integer("vocab_size");
            return new HFConfig(Architecture.LLADA, dim, integer("n_layers"), heads, integer("n_kv_heads", heads),
                    headDim(dim, heads), ffn, vocab, number("rms_norm_eps", 1e-5), number("rope_theta", 10000),
                    bool("weight_tying", false), bool("include_qkv_bias", false), integer("mask_token_id"),
                    integer("max_sequence_length", 4096), false, headDim(dim, heads), null);
        }

        private HFConfig dream() {
            int dim = integer("hidden_size"), heads = integer("num_attention_heads");
            return new HFConfig(Architecture.DREAM, dim, integer("num_hidden_layers"), heads,
                    integer("num_key_value_heads", heads), has("head_dim") ? integer("head_dim") : headDim(dim, heads),
                    integer("intermediate_size"), integer("vocab_size"), number("rms_norm_eps", 1e-6),
                    number("rope_theta", 10000), bool("tie_word_embeddings", false), true, integer("mask_token_id"),
                    integer("max_position_embeddings", 4096), false, has("head_dim") ? integer("head_dim") : headDim(dim, heads), null);
        }

        /**
         * LLaDA-MoE and LLaDA 2 (Ling's field names): QK norm, a mixture with its router, and for
         * LLaDA 2 partial RoPE, a dense first layer, a shared expert and the grouped sigmoid router.
         */
        private HFConfig ling(Architecture arch) {
            if (bool("use_qkv_bias", false) || bool("use_bias", false)) throw error("biases on the projections are not supported; the released checkpoints have none");
            int dim = integer("hidden_size"), heads = integer("num_attention_heads");
            int headDim = has("head_dim") ? integer("head_dim") : headDim(dim, heads);
            int expertWidth = has("moe_intermediate_size") ? integer("moe_intermediate_size") : integer("expert_intermediate_size");
            boolean sigmoid = has("score_function") && primitive("score_function").getAsString().equals("sigmoid");
            if (has("score_function") && !sigmoid && !primitive("score_function").getAsString().equals("softmax"))
                throw error("score_function " + o.get("score_function") + " is neither sigmoid nor softmax");
            int shared = integer("num_shared_experts", 0) * expertWidth;
            ModelConfig.Moe moe = new ModelConfig.Moe(integer("num_experts"), integer("num_experts_per_tok"), expertWidth,
                    sigmoid ? ModelConfig.Moe.Router.SIGMOID : ModelConfig.Moe.Router.SOFTMAX, integer("n_group", 1), integer("topk_group", 1),
                    bool("norm_topk_prob", false), number("routed_scaling_factor", 1), shared, integer("first_k_dense_replace", 0));
            int ropeDims = has("rotary_dim") ? integer("rotary_dim") : Math.round(number("partial_rotary_factor", 1) * headDim);
            return new HFConfig(arch, dim, integer("num_hidden_layers"), heads, integer("num_key_value_heads", heads), headDim,
                    integer("intermediate_size", expertWidth), integer("vocab_size"), number("rms_norm_eps", 1e-6),
                    number("rope_theta", 10000), bool("tie_word_embeddings", false), false,
                    integer("mask_token_id", LING_MASK_ID), integer("max_position_embeddings", 4096),
                    bool("use_qk_norm", bool("qk_layernorm", true)), ropeDims, moe);
        }

        private int headDim(int dim, int heads) {
            if (heads < 1 || dim % heads != 0) throw error("hidden size " + dim + " is not divisible by " + heads + " attention heads");
            return dim / heads;
        }

        private void check(HFConfig c) {
            positive("hidden size", c.dim, 1 << 16);
            positive("layer count", c.layers, 1 << 10);
            positive("attention heads", c.heads, 1 << 12);
            positive("key/value heads", c.kvHeads, c.heads);
            positive("head dimension", c.headDim, 1 << 12);
            positive("feed-forward size", c.ffn, 1 << 20);
            positive("vocabulary size", c.vocab, 1 << 24);
            positive("context length", c.contextLength, 1 << 24);
            if (c.heads % c.kvHeads != 0) throw error(c.heads + " attention heads are not a multiple of " + c.kvHeads + " key/value heads");
            if (c.headDim % 2 != 0) throw error("head dimension " + c.headDim + " is odd; RoPE needs pairs");
            if (c.maskId < 0 || c.maskId >= c.vocab) throw error("mask_token_id " + c.maskId + " is outside the vocabulary of " + c.vocab);
            if (!(c.eps > 0 && c.eps < 1)) throw error("rms_norm_eps " + c.eps + " is not in (0, 1)");
            if (!(c.ropeTheta > 1 && Float.isFinite(c.ropeTheta))) throw error("rope_theta " + c.ropeTheta + " is not a finite number > 1");
        }

        private void positive(String what, int v, int max) {
            if (v < 1 || v > max) throw error(what + " " + v + " is absurd (expected 1 to " + max + ")");
        }

        private boolean has(String key) { return o.has(key) && !o.get(key).isJsonNull(); }

        private JsonPrimitive primitive(String key) {
            JsonElement e = o.get(key);
            if (e == null || e.isJsonNull()) throw error("missing '" + key + "'");
            if (!e.isJsonPrimitive()) throw error("'" + key + "' should be a plain value, is " + e);
            return e.getAsJsonPrimitive();
        }

        private int integer(String key) {
            JsonPrimitive p = primitive(key);
            try {
                if (!p.isNumber()) throw new NumberFormatException();
                return new BigDecimal(p.getAsString()).intValueExact();
            } catch (ArithmeticException | NumberFormatException e) {
                throw error("'" + key + "' should be an integer, is " + p);
            }
        }

        private int integer(String key, int fallback) { return has(key) ? integer(key) : fallback; }

        private float number(String key, double fallback) {
            if (!has(key)) return (float) fallback;
            JsonPrimitive p = primitive(key);
            if (!p.isNumber()) throw error("'" + key + "' should be a number, is " + p);
            return p.getAsFloat();
        }

        private boolean bool(String key, boolean fallback) {
            if (!has(key)) return fallback;
            JsonPrimitive p = primitive(key);
            if (!p.isBoolean()) throw error("'" + key + "' should be true or false, is " + p);
            return p.getAsBoolean();
        }

        private IllegalArgumentException error(String message) {
            return new IllegalArgumentException(file + ": " + message);
        }
    }
}
