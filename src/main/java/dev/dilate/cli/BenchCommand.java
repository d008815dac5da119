package dev.dilate.cli;

import dev.dilate.bench.ForwardBench;
import dev.dilate.tensor.GGMLType;
import dev.dilate.tensor.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time one denoiser call (NFE) of LLaDA-shaped models with random weights that it writes itself:",
                "tiny (d=256, 4 layers), small (d=1024, 8 layers) and 1b (d=2048, 16 layers, FFN 5632, 126464-token vocabulary).",
                "Reports time per NFE, positions/s, GFLOP/s of the projection products, attention and head time, and the resident memory that loading and running added."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--sizes", split = ",", defaultValue = "tiny,small,1b", description = "model sizes (default: ${DEFAULT-VALUE})")
    List<String> sizes;
    @Option(names = "--types", split = ",", defaultValue = "F16,Q8_0,BF16,Q4_0", description = "weight types (default: ${DEFAULT-VALUE})")
    List<String> types;
    @Option(names = "--prompt", defaultValue = "64", description = "prompt positions (default: ${DEFAULT-VALUE})")
    int prompt;
    @Option(names = "--canvas", defaultValue = "256", description = "generated positions (default: ${DEFAULT-VALUE})")
    int canvas;
    @Option(names = "--block", defaultValue = "32", description = "output-head rows per call: one block's positions (default: ${DEFAULT-VALUE})")
    int block;
    @Option(names = "--full-head", description = "compute the head for every position, as llama.cpp does")
    boolean fullHead;
    @Option(names = "--repeats", defaultValue = "3", description = "timed calls per model after one warm-up; the median is reported (default: ${DEFAULT-VALUE})")
    int repeats;
    @Option(names = "--dir", defaultValue = "target/bench-models", description = "where the model files are written and reused (default: ${DEFAULT-VALUE})")
    Path dir;
    @Option(names = {"--model", "-m"}, description = "time this GGUF file instead of the written ones (--sizes and --types are then ignored)")
    Path model;
    @Option(names = "--json", description = "print the rows as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ForwardBench.Settings s = new ForwardBench.Settings(prompt, canvas, block, fullHead, repeats);
        List<ForwardBench.Size> sz = sizes.stream().map(ForwardBench.Size::parse).toList();
        List<GGMLType> ts = types.stream().map(GGMLType::parse).toList();
        List<ForwardBench.Row> rows = new ArrayList<>();
        if (!json) System.out.printf("dilate bench: %d threads, canvas %d after a %d-token prompt, head rows %s%n%n",
                Parallel.THREADS, canvas, prompt, fullHead ? "all" : String.valueOf(block));
        TextTable table = new TextTable("size", "type", "params", "file MB", "s/NFE", "pos/s", "proj GFLOP/s", "attn s", "head s", "RSS added MB");
        List<Object[]> runs = new ArrayList<>();
        if (model != null) runs.add(new Object[] {model, model.getFileName().toString(), "file"});
        else for (ForwardBench.Size size : sz)
            for (GGMLType type : ts)
                runs.add(new Object[] {ForwardBench.model(dir, size, type, m -> { if (!json) System.err.println(m); }), size.label(), type.name()});
        for (Object[] run : runs) {
                ForwardBench.Row r = ForwardBench.run((Path) run[0], (String) run[1], (String) run[2], s);
                rows.add(r);
                if (!json) System.err.printf("%s %s: %.3f s per NFE%n", r.size(), r.type(), r.secondsPerNfe());
                table.row(r.size(), r.type(), String.format("%.0fM", r.parameters() / 1e6),
                        String.format("%.0f", r.fileBytes() / 1e6), String.format("%.3f", r.secondsPerNfe()),
                        String.format("%.0f", r.positionsPerSecond()), String.format("%.0f", r.projectionGflops()),
                        String.format("%.3f", r.attentionSeconds()), String.format("%.3f", r.headSeconds()),
                        String.format("%.0f", r.addedRssBytes() / 1e6));
            }
        System.out.print(json ? Json.of(rows) + "\n" : table.render());
        return 0;
    }
}
