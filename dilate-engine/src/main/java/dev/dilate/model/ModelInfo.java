package dev.dilate.model;

import dev.dilate.format.GGUFFile;
import dev.dilate.format.SafetensorsFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What {@code dilate info} reports about a model file or folder, from its headers alone (no
 * weight is decoded). Shapes are outermost first, [out, in] for a projection, in both formats.
 */
public record ModelInfo(String path, String format, long fileBytes, String architecture, int dim, int layers, int heads,
                        int kvHeads, int headDim, int ffn, int vocab, int contextLength, float eps, float ropeTheta,
                        String ropePairing, boolean shiftLogits, int maskId, long parameters, String tokenizer,
                        String attention, String feedForward, String exactCache, List<Tensor> tensors) {

    /** One tensor: its name, weight type and shape (outermost dimension first, as PyTorch lists it). */
    public record Tensor(String name, String type, long[] shape) {}

    /** A GGUF file or a Hugging Face folder. */
    public static ModelInfo of(Path path) {
        if (HFCheckpoint.looksLike(path)) {
            try (HFCheckpoint m = HFCheckpoint.open(path)) { return of(m); }
        }
        if (!Files.isRegularFile(path)) throw new IllegalArgumentException(path + ": neither a GGUF file nor a Hugging Face folder with config.json");
        try (GGUFFile f = GGUFFile.open(path)) { return of(f); }
    }

    static ModelInfo of(GGUFFile f) {
        List<Tensor> tensors = new ArrayList<>();
        for (GGUFFile.TensorInfo t : f.tensors().values()) {
            long[] shape = t.dims().clone();
            for (int i = 0; i < shape.length / 2; i++) { long s = shape[i]; shape[i] = shape[shape.length - 1 - i]; shape[shape.length - 1 - i] = s; }
            tensors.add(new Tensor(t.name(), t.type().name(), shape));
        }
        String tokenizer = f.has("tokenizer.ggml.tokens")
                ? (f.has("tokenizer.ggml.model") ? f.string("tokenizer.ggml.model") : "unknown") + ", " + f.array("tokenizer.ggml.tokens").size() + " tokens"
                : "none (placeholder tokens)";
        return of(f.path(), "gguf", f.fileSize(), GGUFModels.config(f), tokenizer, tensors);
    }

    static ModelInfo of(HFCheckpoint m) {
        List<Tensor> tensors = new ArrayList<>();
        for (String name : m.weights().names()) {
            SafetensorsFile.TensorInfo t = m.weights().tensor(name);
            tensors.add(new Tensor(name, t.dtype().name(), t.shape()));
        }
        String tokenizer = HFModels.tokenizer(m, m.config().modelConfig())
                .map(t -> "tokenizer.json, " + t.size() + " ids (pre-tokenizer " + t.preTokenizer().name() + ")")
                .orElse("none (placeholder tokens)");
        return of(m.folder(), "safetensors", m.weights().fileSize(), m.config().modelConfig(), tokenizer, tensors);
    }

    private static ModelInfo of(Path path, String format, long bytes, ModelConfig c, String tokenizer, List<Tensor> tensors) {
        long parameters = tensors.stream().mapToLong(t -> Arrays.stream(t.shape()).reduce(1, (a, b) -> a * b)).sum();
        return new ModelInfo(path.toString(), format, bytes, c.architecture(), c.dim(), c.layers(), c.heads(), c.kvHeads(),
                c.headDim(), c.ffn(), c.vocab(), c.contextLength(), c.eps(), c.ropeTheta(), c.ropeHalf() ? "half" : "adjacent",
                c.shiftLogits(), c.maskId(), parameters, tokenizer, attention(c), feedForward(c), exactCache(c), List.copyOf(tensors));
    }

    private static String attention(ModelConfig c) {
        return (c.attentionBlock() > 0 ? "block-causal (blocks of " + c.attentionBlock() + " from position 0)" : "bidirectional")
                + (c.kvHeads() < c.heads() ? ", grouped (" + c.heads() / c.kvHeads() + " query heads per KV head)" : "")
                + (c.qkNorm() ? ", per-head QK RMSNorm before RoPE" : "")
                + (c.ropeDims() < c.headDim() ? ", RoPE on " + c.ropeDims() + " of " + c.headDim() + " head dims" : "");
    }

    private static String feedForward(ModelConfig c) {
        if (c.moe() == null) return "dense SwiGLU, width " + c.ffn();
        ModelConfig.Moe m = c.moe();
        String router = m.router() == ModelConfig.Moe.Router.SOFTMAX ? "softmax" : "sigmoid with a selection-only bias";
        String groups = m.groups() > 1 ? ", the best " + m.groupsUsed() + " of " + m.groups() + " groups" : "";
        String weights = (m.normalize() ? "normalised" : "not renormalised") + (m.scale() != 1 ? ", x " + m.scale() : "");
        return (m.denseLayers() > 0 ? m.denseLayers() + " dense layer(s) of width " + c.ffn() + ", then a " : "")
                + "mixture of " + m.experts() + " SwiGLU experts of width " + m.ffn() + ", " + m.used() + " per token"
                + (m.sharedFfn() > 0 ? " plus a shared one of width " + m.sharedFfn() : "")
                + "; router: " + router + " in fp32" + groups + ", weights " + weights;
    }

    private static String exactCache(ModelConfig c) {
        return c.attentionBlock() > 0
                ? "finished blocks: --cache delayed is exact when B is a multiple of " + c.attentionBlock() + " (kv=f32; fp16 rounds the cached keys)"
                : "none: every position attends to every other, so a cache of stale keys is an approximation";
    }
}
