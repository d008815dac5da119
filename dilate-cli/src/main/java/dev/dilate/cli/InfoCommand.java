package dev.dilate.cli;

import dev.dilate.eval.report.Table;
import dev.dilate.format.Json;
import dev.dilate.model.ModelInfo;
import dev.dilate.tensor.Gemm;
import dev.dilate.tensor.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Describe a model: a GGUF file or a Hugging Face folder (config.json + safetensors).")
final class InfoCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = "GGUF file or Hugging Face model folder")
    Path model;
    @Option(names = "--tensors", description = "list every tensor with its type and shape")
    boolean tensors;
    @Option(names = "--json", description = "print the same fields as JSON (always with the tensor list)")
    boolean json;

    @Override
    public Integer call() {
        ModelInfo m = ModelInfo.of(model);
        if (json) {
            System.out.println(Json.of(m));
            return 0;
        }
        System.out.printf(Locale.ROOT, "model         %s (%s, %s)%n", m.path(), m.format(), size(m.fileBytes()));
        System.out.printf(Locale.ROOT, "architecture  %s%n", m.architecture());
        System.out.printf(Locale.ROOT, "dimensions    hidden %d, %d layers, %d heads, %d kv heads, head dim %d, ffn %d%n",
                m.dim(), m.layers(), m.heads(), m.kvHeads(), m.headDim(), m.ffn());
        System.out.printf(Locale.ROOT, "vocabulary    %d, mask id %d; tokenizer: %s%n", m.vocab(), m.maskId(), m.tokenizer());
        System.out.printf(Locale.ROOT, "rope          theta %s, %s pairs; context %d; rms eps %s%n",
                m.ropeTheta(), m.ropePairing(), m.contextLength(), m.eps());
        System.out.printf(Locale.ROOT, "attention     %s%n", m.attention());
        System.out.printf(Locale.ROOT, "feed-forward  %s%n", m.feedForward());
        System.out.printf(Locale.ROOT, "exact cache   %s%n", m.exactCache());
        System.out.printf(Locale.ROOT, "logits        %s%n", m.shiftLogits() ? "shifted (row p predicts p+1, Dream)" : "not shifted");
        System.out.printf(Locale.ROOT, "parameters    %,d (%.2f B)%n", m.parameters(), m.parameters() / 1e9);
        System.out.printf(Locale.ROOT, "products      %s, %d threads%n", Gemm.kernel(), Parallel.THREADS);
        Map<String, Integer> byType = new TreeMap<>();
        for (ModelInfo.Tensor t : m.tensors()) byType.merge(t.type(), 1, Integer::sum);
        System.out.printf(Locale.ROOT, "tensors       %d %s%s%n", m.tensors().size(), byType, tensors ? "" : " (--tensors lists them)");
        if (tensors) {
            Table table = new Table("name", "type", "shape");
            for (ModelInfo.Tensor t : m.tensors()) table.row(t.name(), t.type(), Arrays.toString(t.shape()));
            System.out.print(table.text());
        }
        return 0;
    }

    private static String size(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
        return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }
}
