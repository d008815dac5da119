package dev.dilate.model;

import dev.dilate.format.GGUFFile;
import dev.dilate.generate.Vocabulary;
import dev.dilate.tensor.Matrix;
import dev.dilate.tokenizer.GGUFTokenizer;
import dev.dilate.tokenizer.Placeholders;
import dev.dilate.tokenizer.Tokenizer;

/** Builds a {@link Transformer} from a GGUF file in llama.cpp's layout for one of the {@link Architecture}s. */
public final class GGUFModels {
    private GGUFModels() {}

    /** Loads the model; every problem is reported as an IllegalArgumentException naming the file. */
    public static Transformer load(GGUFFile f) {
        try {
            return build(f);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(f.path() + ": a size in the file does not fit in 32 bits (" + e.getMessage() + ")", e);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(f.path().toString())) throw e;
            throw new IllegalArgumentException(f.path() + ": " + e.getMessage(), e);
        }
    }

    private static Transformer build(GGUFFile f) {
        ModelConfig c = config(f);
        Weights w = Weights.read(c, new Weights.Source() {
            @Override public boolean has(String name) { return f.hasTensor(name); }
            @Override public Matrix matrix(String name, long rows, long cols) { return f.matrix(name, rows, cols); }
            @Override public float[] vector(String name, long length) { return f.vector(name, length); }
        });
        return new Transformer(c, w, vocabulary(f, c.vocab()));
    }

    /** The model's shape and switches from the file's metadata. */
    public static ModelConfig config(GGUFFile f) {
        String arch = f.string("general.architecture");
        Architecture family;
        try {
            family = Architecture.named(arch);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(f.path() + ": " + e.getMessage(), e);
        }
        String a = arch + ".";
        int dim = Math.toIntExact(f.integer(a + "embedding_length"));
        int heads = Math.toIntExact(f.integer(a + "attention.head_count"));
        int kvHeads = Math.toIntExact(f.integer(a + "attention.head_count_kv", heads));
        if (heads < 1 || dim % heads != 0 && !f.has(a + "attention.key_length"))
            throw new IllegalArgumentException(f.path() + ": embedding length " + dim + " is not divisible by " + heads + " heads");
        int headDim = Math.toIntExact(f.integer(a + "attention.key_length", dim / Math.max(heads, 1)));
        int vocab = Math.toIntExact(f.has(a + "vocab_size") ? f.integer(a + "vocab_size")
                : f.has("tokenizer.ggml.tokens") ? f.array("tokenizer.ggml.tokens").size() : f.tensor("token_embd.weight").dims()[1]);
        int mask = maskId(f);
        boolean shift = f.bool("diffusion.shift_logits", family.shiftsLogits);
        ModelConfig.Moe moe = moe(f, a);
        int ffn = f.has(a + "feed_forward_length") || moe == null ? Math.toIntExact(f.integer(a + "feed_forward_length")) : moe.ffn();
        return new ModelConfig(arch, dim, Math.toIntExact(f.integer(a + "block_count")), heads, kvHeads, headDim,
                ffn, vocab,
                (float) f.number(a + "attention.layer_norm_rms_epsilon", Double.NaN),
                (float) f.number(a + "rope.freq_base", 10000), family.ggufRopeHalf, mask, shift,
                Math.toIntExact(f.integer(a + "context_length", 4096)), f.hasTensor("blk.0.attn_q_norm.weight"),
                Math.toIntExact(f.integer(a + "rope.dimension_count", headDim)), family.attentionBlock, moe);
    }

    /** The mixture of experts llama.cpp's keys describe, or null for a dense model. */
    private static ModelConfig.Moe moe(GGUFFile f, String a) {
        if (!f.has(a + "expert_count")) return null;
        int experts = Math.toIntExact(f.integer(a + "expert_count")), used = Math.toIntExact(f.integer(a + "expert_used_count"));
        int width = f.has(a + "expert_feed_forward_length") ? Math.toIntExact(f.integer(a + "expert_feed_forward_length"))
                : Math.toIntExact(f.integer(a + "feed_forward_length")) / Math.max(used, 1);   // llama.cpp's fallback
        ModelConfig.Moe.Router router = ModelConfig.Moe.Router.ofGguf(f.integer(a + "expert_gating_func", ModelConfig.Moe.Router.SOFTMAX.gguf));
        int shared = Math.toIntExact(f.integer(a + "expert_shared_count", 0) * f.integer(a + "expert_shared_feed_forward_length", 0));
        return new ModelConfig.Moe(experts, used, width, router,
                Math.toIntExact(f.integer(a + "expert_group_count", 1)), Math.toIntExact(f.integer(a + "expert_group_used_count", 1)),
                f.bool(a + "expert_weights_norm", false), (float) f.number(a + "expert_weights_scale", 1), shared,
                Math.toIntExact(f.integer(a + "leading_dense_block_count", 0)));
    }

    private static int maskId(GGUFFile f) {
        int mask = GGUFTokenizer.maskId(f);
        if (mask >= 0) return mask;
        throw new IllegalArgumentException(f.path() + ": no mask token: neither tokenizer.ggml.mask_token_id nor a <|mdm_mask|> or <|mask|> token");
    }

    private static Vocabulary vocabulary(GGUFFile f, int vocab) {
        if (!GGUFTokenizer.present(f)) return new Placeholders(vocab);
        Tokenizer t = GGUFTokenizer.read(f);
        if (t.size() != vocab) throw new IllegalArgumentException(f.path() + ": tokenizer has " + t.size() + " tokens, the model " + vocab);
        return t;
    }
}
