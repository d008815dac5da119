package dev.dilate.bench;

import dev.dilate.format.GGUFFile;
import dev.dilate.model.ForwardProfile;
import dev.dilate.model.GGUFModels;
import dev.dilate.model.ModelConfig;
import dev.dilate.model.RandomModels;
import dev.dilate.model.Transformer;
import dev.dilate.tensor.GGMLType;
import dev.dilate.tensor.Gemm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Times one denoiser call (one NFE) of models with random weights, as a decode step
 * sees it: the whole canvas of prompt + generated positions through every layer, then the output
 * head for the positions a planner may reveal (one block's masked positions), or for every
 * position as llama.cpp computes it.
 */
public final class ForwardBench {

    /**
     * The model shapes the benchmark writes: {@code 1b} has the shape of a 1B-class LLaDA,
     * {@code moe-7b} of LLaDA-MoE-7B-A1B and {@code llada2-mini} of LLaDA 2.x mini (16B, 1.4B active).
     */
    public enum Size {
        TINY("tiny", new RandomModels.Shape("llada", 256, 4, 4, 4, 704, 4096, false)),
        SMALL("small", new RandomModels.Shape("llada", 1024, 8, 8, 8, 2816, 32000, false)),
        B1("1b", new RandomModels.Shape("llada", 2048, 16, 16, 16, 5632, 126464, false)),
        MOE_7B("moe-7b", new RandomModels.Shape("llada-moe", 2048, 16, 16, 16, 1024, 157184, false, new ModelConfig.Moe(64, 8, 1024))),
        LLADA2_MINI("llada2-mini", new RandomModels.Shape("llada2", 2048, 20, 16, 4, 5120, 157184, false,
                new ModelConfig.Moe(256, 8, 512, ModelConfig.Moe.Router.SIGMOID, 8, 4, true, 2.5f, 512, 1)));

        private final String label;
        public final RandomModels.Shape shape;
        Size(String label, RandomModels.Shape shape) { this.label = label; this.shape = shape; }

        public String label() { return label; }

        public static Size parse(String s) {
            for (Size z : values()) if (z.label().equalsIgnoreCase(s)) return z;
            throw new IllegalArgumentException("unknown model size '" + s + "' (" + String.join(", ", java.util.Arrays.stream(values()).map(Size::label).toList()) + ")");
        }

        /** The shape with {@code layers} layers instead of its own (0 keeps them): a per-layer figure from a smaller file. */
        public RandomModels.Shape shape(int layers) {
            RandomModels.Shape s = shape;
            return layers == 0 ? s : new RandomModels.Shape(s.architecture(), s.dim(), layers, s.heads(), s.kvHeads(), s.ffn(), s.vocab(), s.tiedOutput(), s.moe());
        }
    }

    /**
     * @param prompt  prompt positions before the canvas
     * @param canvas  generated positions (all masked but the head rows' block)
     * @param headRows output-head rows per call; the whole sequence when {@code fullHead}
     * @param repeats timed calls after one warm-up call
     */
    public record Settings(int prompt, int canvas, int headRows, boolean fullHead, int repeats) {
        public Settings {
            if (prompt < 0 || canvas < 1 || headRows < 1 || headRows > canvas || repeats < 1)
                throw new IllegalArgumentException("bench needs prompt >= 0, canvas >= 1, 1 <= head rows <= canvas, repeats >= 1");
        }
    }

    /** One measurement; {@code addedRssBytes} is the peak resident memory the load and the calls added. */
    public record Row(String size, String type, String kernel, long parameters, long fileBytes, int positions, int headRows,
                      double secondsPerNfe, double positionsPerSecond, double projectionGflops,
                      double peakGflops, double attentionSeconds, double headSeconds, double headGflops, long addedRssBytes) {}

    /** The cached model file for a size, type and layer count (0: the size's own), written on first use (random weights, fixed seed). */
    public static Path model(Path dir, Size size, GGMLType type, int layers, Consumer<String> log) throws IOException {
        Files.createDirectories(dir);
        String name = size.label().startsWith("llada") ? size.label() : "llada-" + size.label();
        Path file = dir.resolve(name + "-" + type.name().toLowerCase() + (layers == 0 ? "" : "-" + layers + "l") + ".gguf");
        if (!Files.exists(file)) {
            log.accept("writing " + file + " ...");
            RandomModels.write(file, size.shape(layers), type, 42);
        }
        return file;
    }

    /**
     * Times the model in {@code file}; {@code size} and {@code type} only label the row, and
     * {@code peakGflops} (the machine's measured FMA ceiling) is carried for the share of it.
     */
    public static Row run(Path file, String size, String type, Settings s, double peakGflops) {
        PeakMemory.reset();
        long baseline = PeakMemory.residentBytes();
        try (GGUFFile f = GGUFFile.open(file)) {
            Transformer model = GGUFModels.load(f);
            int L = s.prompt() + s.canvas();
            int[] canvas = new int[L];
            for (int i = 0; i < s.prompt(); i++) canvas[i] = (i * 7919 + 13) % (model.config().vocab() - 4);
            Arrays.fill(canvas, s.prompt(), L, model.maskId());
            int rowsPerCall = s.fullHead() ? L : s.headRows();
            int[] rows = new int[rowsPerCall];
            for (int r = 0; r < rowsPerCall; r++) rows[r] = s.fullHead() ? r : s.prompt() + r;
            model.logits(canvas, rows);                  // warm-up: JIT, page-in of the mapped weights
            ForwardProfile p = model.profile();
            p.reset();
            double[] times = new double[s.repeats()];
            for (int i = 0; i < s.repeats(); i++) {
                long t0 = System.nanoTime();
                model.logits(canvas, rows);
                times[i] = (System.nanoTime() - t0) / 1e9;
            }
            Arrays.sort(times);
            double median = times[times.length / 2];
            return new Row(size, type, Gemm.kernel(), model.config().parameters(!f.hasTensor("output.weight")), f.fileSize(), L, rowsPerCall,
                    median, L / median, p.projectionGflops(), peakGflops, p.attentionNanos() / 1e9 / p.calls(),
                    p.headNanos() / 1e9 / p.calls(), p.headGflops(), PeakMemory.residentBytes() - baseline);
        }
    }
}
