package dev.dilate.model;

import dev.dilate.format.GGUFFile;
import dev.dilate.generate.GenerationConfig;
import dev.dilate.generate.Generator;
import dev.dilate.planner.Planners;
import dev.dilate.tensor.GGMLType;
import dev.dilate.tokenizer.TokenType;
import dev.dilate.tokenizer.Tokenizer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Greedy decodes of tiny random files, token for token, against llama.cpp's {@code llama-diffusion-cli}
 * where one has been built locally: {@code DILATE_LLAMA_DIFFUSION_CLI} names it, and the test
 * skips without it (nothing of llama.cpp is part of dilate). llama.cpp samples even at temperature
 * 0 (from its top-k 40 and top-p 0.95 defaults), so {@code --top-k 1} makes it greedy; but then the
 * only candidate has probability 1 everywhere, every confidence ties and it commits left to right.
 * So one step per block of 4, on both sides: each block is the argmax of one forward that sees
 * every earlier block's tokens, and no order within a block matters. Its blocks start at the
 * prompt's end, as dilate's do, but it asks the canvas to be whole blocks, so the prompt is cut to
 * fill whole blocks too. The vocabulary is the 256 bytes and three specials, so every token but the specials
 * (which llama.cpp's output leaves out) prints as the same byte on both sides.
 */
class LlamaCppParityTest {
    private static final int BLOCK = 4, GEN = 32;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"llada", "llada-moe"})
    void greedyDecodesMatchLlamaCpp(String arch, @TempDir Path dir) throws Exception {
        String cli = System.getenv("DILATE_LLAMA_DIFFUSION_CLI");
        assumeTrue(cli != null && Files.isExecutable(Path.of(cli)),
                "skipped: set DILATE_LLAMA_DIFFUSION_CLI to a llama-diffusion-cli built locally to compare with llama.cpp");
        ModelConfig.Moe moe = arch.equals("llada-moe") ? new ModelConfig.Moe(8, 2, 64) : null;
        Path file = dir.resolve(arch + ".gguf");
        RandomModels.write(file, new RandomModels.Shape(arch, 128, 2, 4, 4, 256, Tokenizer.BYTES_MASK_ID + 1, false, moe), GGMLType.F32, 11);
        try (GGUFFile f = GGUFFile.open(file)) {
            Transformer model = GGUFModels.load(f);
            Tokenizer t = (Tokenizer) model.vocabulary();
            String prompt = "The quick brown fox jumps over the lazy dog";
            int[] ids = t.encode(prompt, true, true);
            int keep = ids.length / BLOCK * BLOCK;      // whole blocks: drop the text's tail
            prompt = t.decode(Arrays.copyOfRange(ids, 1, keep));
            ids = Arrays.copyOf(ids, keep);
            assertEquals(keep, t.encode(prompt, true, true).length, "the shortened prompt keeps its length");

            int[] ours = new Generator(model).generate(ids, Planners.create("confidence:steps=1", BLOCK), GenerationConfig.of(GEN, BLOCK)).tokens();
            String theirs = run(cli, file, prompt, keep + GEN, (keep + GEN) / BLOCK);
            byte[] want = printed(t, ours);
            assertTrue(want.length >= GEN / 2, "most generated tokens print");
            assertTrue(theirs.contains(new String(want, StandardCharsets.ISO_8859_1)),
                    arch + ": llama.cpp's output lacks dilate's " + Arrays.toString(ours) + "\n--- llama.cpp:\n" + theirs);
        }
    }

    /** The bytes llama.cpp prints for the tokens: ids 0-255 are the bytes themselves, the specials print nothing. */
    private static byte[] printed(Tokenizer t, int[] tokens) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int id : tokens) {
            if (t.type(id) == TokenType.CONTROL) continue;
            assertTrue(id < 256, "token " + id + " is neither a byte nor a special");
            out.write(id);
        }
        return out.toByteArray();
    }

    /** llama-diffusion-cli's output (read byte for byte), greedy, confidence order, {@code steps} in all. */
    private static String run(String cli, Path file, String prompt, int length, int steps) throws Exception {
        List<String> command = List.of(cli, "-m", file.toString(), "-p", prompt, "-t", "2", "-ub", "" + length, "-b", "" + length,
                "-c", "" + length, "--diffusion-steps", "" + steps, "--diffusion-block-length", "" + BLOCK,
                "--diffusion-algorithm", "4", "--temp", "0", "--top-k", "1", "-s", "1");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "llama-diffusion-cli did not finish");
        assertEquals(0, p.exitValue(), "llama-diffusion-cli failed:\n" + new String(out, StandardCharsets.UTF_8));
        return new String(out, StandardCharsets.ISO_8859_1);
    }
}
