package dev.dilate.cli;

import dev.dilate.bench.DecodeBench;
import dev.dilate.bench.FmaPeak;
import dev.dilate.bench.ForwardBench;
import dev.dilate.bench.Machine;
import dev.dilate.eval.report.Table;
import dev.dilate.format.Json;
import dev.dilate.generate.CachePolicy;
import dev.dilate.tensor.GGMLType;
import dev.dilate.tensor.Gemm;
import dev.dilate.tensor.NativeKernel;
import dev.dilate.tensor.NativeKernels;
import dev.dilate.tensor.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time one denoiser call (NFE) of models with random weights that it writes itself: LLaDA-shaped",
                "tiny (d=256, 4 layers), small (d=1024, 8 layers) and 1b (d=2048, 16 layers, FFN 5632, 126464-token vocabulary);",
                "moe-7b (LLaDA-MoE-7B-A1B: 16 layers of 64 experts, 8 a token) and llada2-mini (LLaDA 2.x mini: 20 layers, 256 experts,",
                "block-causal), whose files --layers can shorten for a per-layer figure.",
                "Reports the CPU and its measured fp32 FMA peak for the threads used, time per NFE, positions/s, GFLOP/s of the projection products and the share of the peak",
                "they and the output head reach, attention and head time, and the resident memory that loading and running added.",
                "With --decode it times whole decodes instead (prompt, canvas G in blocks of B, each planner) under each --cache mode, in one run:",
                "s/decode, s/call, positions recomputed per call, the ratio against none, cache bytes per position, and the time of the cheapest",
                "(block-only) calls against their share of a whole call's FLOPs. The README's figures: --decode --sizes 1b --types F16,Q8_0 --prompt 512."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--sizes", split = ",", defaultValue = "tiny,small,1b", description = "model sizes (default: ${DEFAULT-VALUE})")
    List<String> sizes;
    @Option(names = "--layers", defaultValue = "0", description = "write the sizes with this many layers instead of their own (0: their own)")
    int layers;
    @Option(names = "--types", split = ",", defaultValue = "F16,Q8_0,BF16,Q4_0", description = "weight types (default: ${DEFAULT-VALUE})")
    List<String> types;
    @Option(names = "--prompt", defaultValue = "64", description = "prompt positions (default: ${DEFAULT-VALUE})")
    int prompt;
    @Option(names = "--canvas", defaultValue = "256", description = "generated positions (default: ${DEFAULT-VALUE})")
    int canvas;
    @Option(names = "--block", defaultValue = "32", description = "block size B: the output-head rows of one call, and with --decode the decode's blocks (default: ${DEFAULT-VALUE})")
    int block;
    @Option(names = "--full-head", description = "compute the head for every position, as llama.cpp does")
    boolean fullHead;
    @Option(names = "--repeats", defaultValue = "3", description = "timed calls per model after one warm-up; the median is reported (default: ${DEFAULT-VALUE})")
    int repeats;
    @Option(names = "--dir", defaultValue = "target/bench-models", description = "where the model files are written and reused (default: ${DEFAULT-VALUE})")
    Path dir;
    @Option(names = {"--model", "-m"}, description = "time this GGUF file instead of the written ones (--sizes and --types are then ignored)")
    Path model;
    @Option(names = "--decode", description = "time whole decodes under each --cache mode instead of one call")
    boolean decode;
    @Option(names = "--cache", split = ",", defaultValue = "none,prefix,dual,delayed", description = "with --decode: cache modes, none first (default: ${DEFAULT-VALUE})")
    List<String> caches;
    @Option(names = "--planners", split = ";", defaultValue = "dus;confidence:steps=5",
            description = "with --decode: planners, ';'-separated; confidence:steps=log2(B) spends DUS's NFE (default: ${DEFAULT-VALUE})")
    List<String> planners;
    @Option(names = "--kernels", split = ",", description = "time each model on each of these product kernels in turn, in one run: "
            + "java (the register tiles), openblas or a BLAS library's path, onednn, onednn:bf16 (bf16 arithmetic), onednn:int8 (int8 arithmetic) "
            + "(default: the kernel dilate chose, by DILATE_BLAS)")
    List<String> kernels;
    @Option(names = "--tiles", split = ",", description = "time each model with each of these register tile shapes in turn (rows x tokens, e.g. 4x4,5x4), in one run "
            + "(default: the one DILATE_TILE chooses, else 4x4)")
    List<String> tiles;
    @Option(names = "--json", description = "print the rows as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (decode) return decode();
        ForwardBench.Settings s = new ForwardBench.Settings(prompt, canvas, block, fullHead, repeats);
        List<ForwardBench.Row> rows = new ArrayList<>();
        double peak = FmaPeak.measure(Parallel.THREADS);
        if (!json) System.out.printf("dilate bench: %s, %d threads, measured fp32 FMA peak %.0f GFLOP/s; canvas %d after a %d-token prompt, head rows %s%n%n",
                Machine.describe(), Parallel.THREADS, peak, canvas, prompt, fullHead ? "all" : String.valueOf(block));
        Table table = new Table("size", "type", "kernel", "params", "file MB", "s/NFE", "pos/s", "proj GFLOP/s", "of peak", "attn s", "head s", "head of peak", "RSS added MB");
        List<Kernel> kernelRuns = kernels();
        Map<String, String> legend = new LinkedHashMap<>();
        List<String> tileRuns = tiles == null || tiles.isEmpty() ? Collections.singletonList(null) : tiles;
        for (Run run : models())
            for (String tile : tileRuns)
                for (Kernel kernel : kernelRuns) {
                    if (tile != null) Gemm.useTile(tile);
                    if (kernel != null) Gemm.use(kernel.library());
                    String name = kernel == null && tile == null ? "default"
                            : String.join(" ", kernel == null ? "" : kernel.name(), tile == null ? "" : tile).trim();
                    legend.put(name, Gemm.kernel());
                    ForwardBench.Row r = ForwardBench.run(run.file(), run.size(), run.type(), s, peak);
                    rows.add(r);
                    if (!json) System.err.printf("%s %s %s: %.3f s per NFE%n", r.size(), r.type(), name, r.secondsPerNfe());
                    table.row(r.size(), r.type(), name, String.format("%.0fM", r.parameters() / 1e6),
                            String.format("%.0f", r.fileBytes() / 1e6), String.format("%.3f", r.secondsPerNfe()),
                            String.format("%.0f", r.positionsPerSecond()), String.format("%.0f", r.projectionGflops()),
                            String.format("%.0f%%", 100 * r.projectionGflops() / r.peakGflops()),
                            String.format("%.3f", r.attentionSeconds()), String.format("%.3f", r.headSeconds()),
                            String.format("%.0f%%", 100 * r.headGflops() / r.peakGflops()),
                            String.format("%.0f", r.addedRssBytes() / 1e6));
                }
        System.out.print(json ? Json.of(rows) + "\n" : table.text());
        if (!json) legend.forEach((name, description) -> System.out.printf("kernel %s: %s%n", name, description));
        if (!json && kernelRuns.stream().anyMatch(k -> k != null && k.library() != null && k.library().approximate()))
            System.out.println("(bf16 dot products make two multiply-adds per fp32 lane and instruction, int8 ones (VNNI) four: where the CPU has them, "
                    + "their ceilings are twice and four times the fp32 peak the shares are of)");
        return 0;
    }

    /** A product kernel to time: the Java tiles (library null) or a native library. */
    private record Kernel(String name, NativeKernel library) {}

    /** --kernels, or one null: the kernel dilate chose (DILATE_BLAS, auto included), left as it is. */
    private List<Kernel> kernels() {
        if (kernels == null || kernels.isEmpty()) return Collections.singletonList(null);
        return kernels.stream().map(k -> new Kernel(k, k.equals("java") ? null : NativeKernels.load(k))).toList();
    }

    /** One model file to time: --model's, or a written one of each size and type. */
    private record Run(Path file, String size, String type) {
        String label() { return type.equals("file") ? size : size + " " + type; }
    }

    private List<Run> models() throws java.io.IOException {
        if (layers < 0) throw new IllegalArgumentException("--layers must be 0 (the sizes' own) or more, got " + layers);
        List<Run> runs = new ArrayList<>();
        if (model != null) runs.add(new Run(model, model.getFileName().toString(), "file"));
        else for (ForwardBench.Size size : sizes.stream().map(ForwardBench.Size::parse).toList())
            for (GGMLType type : types.stream().map(GGMLType::parse).toList())
                runs.add(new Run(ForwardBench.model(dir, size, type, layers, m -> { if (!json) System.err.println(m); }),
                        size.label() + (layers == 0 ? "" : " " + layers + "L"), type.name()));
        return runs;
    }

    private Integer decode() throws Exception {
        List<CachePolicy> policies = caches.stream().map(CachePolicy::parse).toList();
        if (policies.getFirst().caches()) throw new IllegalArgumentException("--cache must start with none: the ratios are against it");
        DecodeBench.Settings s = new DecodeBench.Settings(prompt, canvas, block);
        if (!json) System.out.printf("dilate bench --decode: %d threads, %s, prompt %d, canvas %d, block %d; products on %s%n%n",
                Parallel.THREADS, Machine.describe(), prompt, canvas, block, Gemm.kernel());
        Table table = new Table("model", "planner", "cache", "NFE", "pos/call", "s/decode", "s/call", "vs none",
                "KB/pos", "whole call s", "cheapest call s", "its FLOP share s");
        List<DecodeBench.Row> rows = new ArrayList<>();
        for (Run run : models())
            for (DecodeBench.Row r : DecodeBench.run(run.file(), run.label(), s, planners, policies)) {
                rows.add(r);
                if (!json) System.err.printf("%s %s %s: %.2f s%n", r.model(), r.planner(), r.cache(), r.seconds());
                table.row(r.model(), r.planner(), r.cache(), r.nfe(), String.format("%.1f", r.forwardedPerCall()), String.format("%.2f", r.seconds()),
                        String.format("%.3f", r.secondsPerCall()), Double.isNaN(r.vsNone()) ? "-" : String.format("%.3f (%.1fx)", r.vsNone(), 1 / r.vsNone()),
                        r.cacheBytesPerPosition() == 0 ? "-" : String.format("%.0f", r.cacheBytesPerPosition() / 1024.0),
                        String.format("%.3f", r.wholeCallSeconds()), Table.num(r.partialCallSeconds(), 3), Table.num(r.partialCallShare(), 3));
            }
        System.out.print(json ? Json.of(rows) + "\n" : table.text());
        return 0;
    }
}
