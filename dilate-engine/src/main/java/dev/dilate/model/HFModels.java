package dev.dilate.model;

import dev.dilate.format.SafetensorsCheckpoint;
import dev.dilate.generate.Vocabulary;
import dev.dilate.tensor.Matrix;
import dev.dilate.tokenizer.Placeholders;
import dev.dilate.tokenizer.Tokenizer;
import dev.dilate.tokenizer.TokenizerJson;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a {@link Transformer} from a Hugging Face LLaDA or Dream folder, reading the safetensors
 * weights in place. The weights are the original, unpermuted ones, so both models use
 * rotate-half RoPE here (a LLaDA GGUF instead has Wq/Wk permuted for adjacent pairs).
 */
public final class HFModels {
    private HFModels() {}

    /** The transformer of a Hugging Face checkpoint, its tensor names and shapes checked first; its tokenizer where the folder has one. */
    public static Transformer load(HFCheckpoint m) {
        ModelConfig c = m.config().modelConfig();
        checkNames(m);
        Weights w = Weights.read(c, source(m));
        Vocabulary vocabulary = tokenizer(m, c).<Vocabulary>map(t -> t).orElseGet(() -> new Placeholders(c.vocab()));
        return new Transformer(c, w, vocabulary);
    }

    /**
     * The folder's tokenizer.json (with tokenizer_config.json), padded with unused ids up to the
     * model's vocabulary as llama.cpp pads it; empty when the folder has none.
     */
    static Optional<Tokenizer> tokenizer(HFCheckpoint m, ModelConfig c) {
        Path file = m.folder().resolve("tokenizer.json");
        if (!Files.isRegularFile(file)) return Optional.empty();
        Tokenizer t = TokenizerJson.load(file);
        if (t.size() > c.vocab())
            throw new IllegalArgumentException(file + ": " + t.size() + " tokens, more than the model's vocabulary of " + c.vocab());
        int mask = t.specials().mask();
        if (mask >= 0 && mask != c.maskId())
            throw new IllegalArgumentException(file + ": mask token id " + mask + " differs from config.json's mask_token_id " + c.maskId());
        return Optional.of(t.paddedTo(c.vocab()));
    }

    /** The checkpoint's tensors under their GGUF names: the head is absent when tied, q/k/v biases when the config has none. */
    static Weights.Source source(HFCheckpoint m) {
        SafetensorsCheckpoint st = m.weights();
        HFConfig cfg = m.config();
        return new Weights.Source() {
            @Override public boolean has(String name) {
                if (name.equals("output.weight") && cfg.tiedOutput()) return false;
                String hf = HFNames.hf(cfg.architecture(), name);
                return hf != null && st.has(hf);
            }
            @Override public Matrix matrix(String name, long rows, long cols) { return st.matrix(m.hfName(name), rows, cols); }
            @Override public float[] vector(String name, long length) { return st.vector(m.hfName(name), length); }

            /** Hugging Face folders keep each expert as a tensor of its own. */
            @Override public Matrix[] experts(String name, int count, int rows, int cols) {
                Matrix[] out = new Matrix[count];
                for (int e = 0; e < count; e++) {
                    String hf = HFNames.hfExpert(cfg.architecture(), name, e);
                    if (hf == null) throw new IllegalArgumentException(m.folder() + ": " + name + " is not an expert tensor of " + cfg.architecture().hfClass);
                    out[e] = st.matrix(hf, rows, cols);
                }
                return out;
            }
        };
    }

    /** Every tensor must be one the model uses, and the ones the config promises must be there. */
    private static void checkNames(HFCheckpoint m) {
        HFConfig c = m.config();
        Set<String> known = new HashSet<>();
        known.addAll(HFNames.hfNames(c.architecture(), c.layers(), c.moe() == null ? 0 : c.moe().experts()));
        for (String name : m.weights().names())
            if (!known.contains(name))
                throw new IllegalArgumentException(m.weights().origin() + ": unexpected tensor '" + name + "' for a " + c.layers()
                        + "-layer " + c.architecture().hfClass + " (another variant of the architecture?)");
        if (!c.tiedOutput()) require(m, "output.weight", "the config says the head is not tied to the embedding");
        if (c.qkvBias())
            for (int i = 0; i < c.layers(); i++)
                for (String b : new String[] {"attn_q.bias", "attn_k.bias", "attn_v.bias"})
                    require(m, "blk." + i + "." + b, "the config says q/k/v have biases");
    }

    private static void require(HFCheckpoint m, String ggufName, String why) {
        String name = m.hfName(ggufName);
        if (!m.weights().has(name))
            throw new IllegalArgumentException(m.weights().origin() + ": missing tensor '" + name + "' (" + why + ")");
    }
}
