package dev.dilate.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import dev.dilate.format.SafetensorsDtype;
import dev.dilate.tensor.GGMLType;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Hugging Face loading path against the independent NumPy reference (float64), which reads
 * the same folder with its own safetensors parser and name table; and the converted GGUF against
 * the reference's GGUF path. Skipped when python3 or numpy is missing.
 */
class HFReferenceTest {
    @TempDir Path dir;

    private static final String PYTHON = System.getProperty("dilate.python", "python3");

    @ParameterizedTest(name = "{0} {1} in {2} shard(s)")
    @CsvSource({"true, BF16, 2", "false, F32, 1"})
    void javaMatchesNumpyOnTheFolderAndOnTheConvertedFile(boolean llada, SafetensorsDtype dtype, int shards) throws Exception {
        assumeTrue(numpyAvailable(), "SKIPPED: " + PYTHON + " with numpy is not available, so the independent NumPy reference cannot run");
        Path folder = HFFixtures.write(dir.resolve("hf"), llada ? HFFixtures.LLADA : HFFixtures.DREAM, dtype, shards, 21);
        float[][] java = HFModelsTest.hfLogits(folder);
        Path gguf = dir.resolve("f32.gguf");
        HFModelsTest.ggufLogits(folder, GGMLType.F32, gguf);
        String tokens = Arrays.stream(HFModelsTest.CANVAS).mapToObj(String::valueOf).collect(Collectors.joining(","));
        String rows = "0,3,7,11";
        float[][] fromFolder = reference(List.of("--safetensors", folder.toString(), "logits", tokens, rows));
        float[][] fromGguf = reference(List.of(gguf.toString(), "logits", tokens, rows));
        int[] r = {0, 3, 7, 11};
        float[][] javaRows = new float[r.length][];
        for (int i = 0; i < r.length; i++) javaRows[i] = java[r[i]];
        double e1 = HFModelsTest.relativeError(fromFolder, javaRows), e2 = HFModelsTest.relativeError(fromFolder, fromGguf);
        assertTrue(e1 < 1e-5, "Java HF vs NumPy HF: " + e1);
        assertTrue(e2 < 1e-5, "NumPy HF vs NumPy converted GGUF: " + e2);
    }

    /**
     * LLaDA-MoE and LLaDA 2 folders (per-expert tensors, LLaDA 2's fused QKV, dense first layer,
     * router bias and shared expert) against the reference reading the same folder. A canvas of
     * 40 spans two blocks of LLaDA 2's block-causal mask.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"true, F32", "true, BF16", "false, F32", "false, BF16"})
    void lingFoldersMatchNumpy(boolean llada2, SafetensorsDtype dtype) throws Exception {
        assumeTrue(numpyAvailable(), "SKIPPED: " + PYTHON + " with numpy is not available, so the independent NumPy reference cannot run");
        Path folder = LingFixtures.write(dir.resolve("ling"), llada2, dtype, 23);
        int[] canvas = java.util.stream.IntStream.range(0, 40).map(i -> i % 5 == 3 ? LingFixtures.mask() : (i * 29 + 7) % 70).toArray();
        int[] rows = {0, 3, 31, 32, 39};
        float[][] java, converted;
        Path gguf = dir.resolve("ling.gguf");
        try (HFCheckpoint m = HFCheckpoint.open(folder)) {
            Transformer t = HFModels.load(m);
            assertEquals(llada2 ? 32 : 0, t.attentionBlock());
            java = t.logits(canvas, rows);
            HFConverter.convert(m, GGMLType.F32, gguf);     // experts stacked, router F32, llama.cpp's keys
        }
        try (LoadedModel g = LoadedModel.open(gguf)) {
            converted = g.transformer().logits(canvas, rows);
        }
        String tokens = Arrays.stream(canvas).mapToObj(String::valueOf).collect(Collectors.joining(","));
        String at = Arrays.stream(rows).mapToObj(String::valueOf).collect(Collectors.joining(","));
        float[][] numpy = reference(List.of("--safetensors", folder.toString(), "logits", tokens, at));
        float[][] numpyGguf = reference(List.of(gguf.toString(), "logits", tokens, at));
        String what = (llada2 ? "llada2 " : "llada-moe ") + dtype;
        assertTrue(HFModelsTest.relativeError(numpy, java) < 1e-5, what + ": Java vs NumPy on the folder");
        assertTrue(HFModelsTest.relativeError(numpy, converted) < 1e-5, what + ": Java on the converted file vs NumPy on the folder");
        assertTrue(HFModelsTest.relativeError(numpy, numpyGguf) < 1e-5, what + ": NumPy on the converted file vs on the folder");
    }

    private static boolean numpyAvailable() throws InterruptedException {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static float[][] reference(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, "reference/reference_model.py"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) { p.destroyForcibly(); throw new AssertionError("NumPy reference hung"); }
        assertEquals(0, p.exitValue(), "NumPy reference failed: " + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        JsonArray rows = JsonParser.parseString(new String(out, StandardCharsets.UTF_8)).getAsJsonObject().getAsJsonArray("logits");
        float[][] logits = new float[rows.size()][];
        for (int i = 0; i < logits.length; i++) {
            JsonArray row = rows.get(i).getAsJsonArray();
            logits[i] = new float[row.size()];
            for (int j = 0; j < row.size(); j++) logits[i][j] = row.get(j).getAsFloat();
        }
        return logits;
    }
}
