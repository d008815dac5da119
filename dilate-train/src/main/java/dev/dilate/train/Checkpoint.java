package dev.dilate.train;

import dev.dilate.format.GGUFFile;
import dev.dilate.format.GGUFWriter;
import dev.dilate.model.GGUFModels;
import dev.dilate.model.ModelConfig;
import dev.dilate.model.ModelMetadata;
import dev.dilate.tensor.GGMLType;
import dev.dilate.tokenizer.GGUFTokenizer;
import dev.dilate.tokenizer.Tokenizer;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/**
 * A training state: the model, AdamW's moments and the step reached, with the seed the data and
 * masking streams follow from (the stream of step s is a function of seed and s, so this is the
 * whole random state) and what the weights started from (so that another run's checkpoint is
 * not resumed by mistake). Saved as a GGUF file holding the model under llama.cpp's names and
 * metadata (so dilate can also load a checkpoint as a model) plus the moments as
 * {@code adamw.m.*} and {@code adamw.v.*}; written to a temporary name and moved into place, so
 * a run killed while saving keeps its previous checkpoint.
 */
public record Checkpoint(Parameters parameters, Parameters firstMoment, Parameters secondMoment, long step, long seed, long origin) {

    private static final String STEP = "dilate.train.step", SEED = "dilate.train.seed", TIED = "dilate.train.tied_output";
    /** What the run's weights started from: 0 for the seed's initialisation, else a fingerprint of the --init weights. */
    private static final String ORIGIN = "dilate.train.origin";
    private static final String M = "adamw.m.", V = "adamw.v.";

    public ModelConfig config() { return parameters.config(); }

    /** Writes the whole training state. */
    public void save(Path path) {
        GGUFWriter w = model(parameters, "dilate checkpoint at step " + step);
        w.putU32("tokenizer.ggml.mask_token_id", config().maskId())
                .putU64(STEP, step).putU64(SEED, seed).putU64(ORIGIN, origin).putBool(TIED, parameters.tiedOutput());
        tensors(w, firstMoment, M);
        tensors(w, secondMoment, V);
        w.write(path);
    }

    public static Checkpoint load(Path path) {
        try (GGUFFile f = GGUFFile.open(path)) {
            if (!f.has(STEP)) throw new IllegalArgumentException(path + ": not a dilate training checkpoint (no " + STEP + ")");
            ModelConfig c = GGUFModels.config(f);
            boolean tied = f.bool(TIED, false);
            Parameters p = read(f, Parameters.zeros(c, tied), ""), m = read(f, p.zerosLike(), M), v = read(f, p.zerosLike(), V);
            return new Checkpoint(p, m, v, f.integer(STEP), f.integer(SEED), f.integer(ORIGIN, 0));
        }
    }

    /**
     * The weights of a model file (an exported model or a checkpoint), to start a new run from:
     * a curriculum's next stage. The head is tied when the file has no output.weight.
     */
    public static Parameters weights(Path path) {
        try (GGUFFile f = GGUFFile.open(path)) {
            return read(f, Parameters.zeros(GGUFModels.config(f), !f.hasTensor("output.weight")), "");
        }
    }

    /**
     * Writes the model alone as a {@code llada} GGUF file that {@code GGUFModels} and llama.cpp
     * load, with the tokenizer when given (its size must be the vocabulary's and its mask, if
     * any, the model's); without one the file names only the mask id.
     */
    public void export(Path path, Tokenizer tokenizer) {
        ModelConfig c = config();
        GGUFWriter w = model(parameters, "dilate-trained llada");
        if (tokenizer != null) {
            if (tokenizer.size() != c.vocab())
                throw new IllegalArgumentException("tokenizer has " + tokenizer.size() + " tokens, the model " + c.vocab());
            int mask = tokenizer.specials().mask();
            if (mask >= 0 && mask != c.maskId())
                throw new IllegalArgumentException("tokenizer's mask id " + mask + " is not the model's " + c.maskId());
            GGUFTokenizer.write(tokenizer, w);
            if (mask < 0) w.putU32("tokenizer.ggml.mask_token_id", c.maskId());
        } else w.putU32("tokenizer.ggml.mask_token_id", c.maskId());
        w.write(path);
    }

    /** The model's metadata (llama.cpp's llada keys) and tensors. */
    private static GGUFWriter model(Parameters p, String name) {
        GGUFWriter w = ModelMetadata.writer(p.config(), name);
        tensors(w, p, "");
        return w;
    }

    private static void tensors(GGUFWriter w, Parameters p, String prefix) {
        for (Parameters.Tensor t : p.tensors()) {
            long[] dims = t.norm() ? new long[] {t.cols()} : new long[] {t.cols(), t.rows()};
            w.tensor(prefix + t.name(), GGMLType.F32, dims, t.data());
        }
    }

    private static Parameters read(GGUFFile f, Parameters into, String prefix) {
        for (Parameters.Tensor t : into.tensors()) {
            String name = prefix + t.name();
            if (f.tensor(name).type() != GGMLType.F32) throw new IllegalArgumentException(f.path() + ": tensor " + name + " is not F32");
            MemorySegment data = f.matrix(name, t.rows(), t.cols()).data();
            MemorySegment.copy(data, ValueLayout.JAVA_FLOAT_UNALIGNED, 0, t.data(), 0, t.data().length);
        }
        return into;
    }
}
