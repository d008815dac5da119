package dev.dilate.cli;

import dev.dilate.model.HFCheckpoint;
import dev.dilate.model.HFConverter;
import dev.dilate.tensor.GGMLType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Convert a Hugging Face LLaDA, Dream, LLaDA-MoE or LLaDA 2 folder to a GGUF file in llama.cpp's layout (experts stacked, the router kept F32).")
final class ConvertCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "HF_FOLDER", description = "folder with config.json and model.safetensors (or a sharded index)")
    Path folder;
    @Parameters(index = "1", paramLabel = "OUT.gguf", description = "GGUF file to write")
    Path out;
    @Option(names = "--type", defaultValue = "F16", description = "projection weight type: F32, F16, BF16, Q8_0, Q4_0 (default: ${DEFAULT-VALUE}); norms and biases stay F32")
    String type;

    @Override
    public Integer call() throws Exception {
        GGMLType t = GGMLType.parse(type);
        if (Files.isDirectory(out)) throw new IllegalArgumentException(out + ": is a folder; give the GGUF file to write");
        long start = System.nanoTime();
        try (HFCheckpoint m = HFCheckpoint.open(folder)) {
            HFConverter.convert(m, t, out);
        }
        System.out.printf("wrote %s (%s, %d bytes) in %.1f s%n", out, t, Files.size(out), (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
