package dev.dilate.model;

import dev.dilate.format.GGUFWriter;
import dev.dilate.format.SafetensorsCheckpoint;
import dev.dilate.format.SafetensorsFile;
import dev.dilate.tensor.GGMLType;
import dev.dilate.tensor.Matrix;
import dev.dilate.tensor.Quantize;
import dev.dilate.tokenizer.GGUFTokenizer;
import dev.dilate.tokenizer.Tokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Converts a Hugging Face LLaDA or Dream folder to a GGUF file in llama.cpp's {@code llada} /
 * {@code dream} layout: the same metadata keys and tensor names as llama.cpp's converter, norms
 * and biases in F32, projections in the chosen type, LLaDA's Wq/Wk rows permuted for
 * adjacent-pair RoPE. Tensors are streamed one row at a time, so memory stays small whatever the
 * model's size.
 */
public final class HFConverter {
    private HFConverter() {}

    /** The types a converted file's projections can have. */
    public static final List<GGMLType> TYPES = List.of(GGMLType.F32, GGMLType.F16, GGMLType.BF16, GGMLType.Q8_0, GGMLType.Q4_0);

    /** llama.cpp's general.file_type of a file whose projections are all of one type. */
    private static final Map<GGMLType, Integer> FILE_TYPE = Map.of(GGMLType.F32, 0, GGMLType.F16, 1, GGMLType.Q4_0, 2,
            GGMLType.Q8_0, 7, GGMLType.BF16, 32);

    /** Writes the checkpoint (weights, metadata and tokenizer) to a GGUF file at {@code out} in llama.cpp's layout, its projections in {@code type}. */
    public static void convert(HFCheckpoint m, GGMLType type, Path out) {
        if (!TYPES.contains(type)) throw new IllegalArgumentException("convert writes " + TYPES + ", not " + type);
        ModelConfig c = HFModels.load(m).config();   // checks every name and shape before anything is written
        GGUFWriter w = metadata(c, type, m.folder());
        Optional<Tokenizer> tokenizer = HFModels.tokenizer(m, c);
        tokenizer.ifPresent(t -> GGUFTokenizer.write(t, w));
        // LLaDA's tokenizer does not name its mask token; the config's id is then written alone.
        if (tokenizer.isEmpty() || tokenizer.get().specials().mask() < 0) w.putU32("tokenizer.ggml.mask_token_id", c.maskId());
        Weights.Source source = HFModels.source(m);
        Architecture a = m.config().architecture();
        for (String name : HFNames.ggufNames(a, c.layers())) {
            if (source.has(name)) tensor(w, m, name, type, c);
            else if (HFNames.hfExpert(a, name, 0) != null && m.weights().has(HFNames.hfExpert(a, name, 0))) experts(w, m, name, type, c);
        }
        w.write(out);
    }

    /** A mixture's experts, separate tensors in the folder, stacked into one 3-D tensor as llama.cpp stores them (the expert outermost). */
    private static void experts(GGUFWriter w, HFCheckpoint m, String name, GGMLType type, ModelConfig c) {
        SafetensorsCheckpoint st = m.weights();
        int count = c.moe().experts();
        Matrix[] e = new Matrix[count];
        for (int i = 0; i < count; i++) {
            String hf = HFNames.hfExpert(m.config().architecture(), name, i);
            SafetensorsFile.TensorInfo info = st.tensor(hf);
            e[i] = st.matrix(hf, info.shape()[0], info.shape()[1]);
        }
        GGMLType t = e[0].cols() % type.blockSize == 0 ? type : GGMLType.F16;
        w.tensor(name, t, new long[] {e[0].cols(), e[0].rows(), count}, out -> {
            float[] row = new float[e[0].cols()];
            for (Matrix x : e)
                for (int r = 0; r < x.rows(); r++) {
                    x.row(r, row, 0);
                    out.write(Quantize.encode(t, row));
                }
        });
    }

    private static GGUFWriter metadata(ModelConfig c, GGMLType type, Path folder) {
        return ModelMetadata.writer(c, folder.toAbsolutePath().normalize().getFileName().toString())
                .putU32("general.file_type", FILE_TYPE.get(type));
    }

    /** One tensor: vectors (norms, biases) in F32, matrices in {@code type} (F16 where rows do not fill its blocks). */
    private static void tensor(GGUFWriter w, HFCheckpoint m, String name, GGMLType type, ModelConfig c) {
        SafetensorsCheckpoint st = m.weights();
        String hf = m.hfName(name);
        SafetensorsFile.TensorInfo info = st.tensor(hf);
        int headDim = c.headDim();
        boolean permute = Architecture.of(c).permutesQK() && (name.contains(".attn_q.") || name.contains(".attn_k."));
        if (info.shape().length == 1) {
            float[] v = st.vector(hf, info.shape()[0]);
            w.tensor(name, GGMLType.F32, new long[] {v.length}, permute ? PairPermutation.apply(v, headDim) : v);
            return;
        }
        Matrix src = st.matrix(hf, info.shape()[0], info.shape()[1]);
        // The router stays F32, as llama.cpp keeps it: which experts run is decided there.
        GGMLType t = name.endsWith("ffn_gate_inp.weight") ? GGMLType.F32 : src.cols() % type.blockSize == 0 ? type : GGMLType.F16;
        w.tensor(name, t, new long[] {src.cols(), src.rows()}, out -> {
            float[] row = new float[src.cols()];
            for (int r = 0; r < src.rows(); r++) {
                src.row(permute ? PairPermutation.sourceRow(r, headDim) : r, row, 0);
                out.write(Quantize.encode(t, row));
            }
        });
    }
}
