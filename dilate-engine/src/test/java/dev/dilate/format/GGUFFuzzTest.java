package dev.dilate.format;

import dev.dilate.model.GGUFModels;
import dev.dilate.model.RandomModels;
import dev.dilate.model.Transformer;
import dev.dilate.tensor.GGMLType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Mutated GGUF files (bit flips, overwritten integers, truncations, mostly in the header where
 * they change structure) are fed to the reader, the model loader and one forward pass: each must
 * either work or fail with an IllegalArgumentException, quickly and without a huge allocation.
 */
class GGUFFuzzTest {
    @TempDir Path dir;

    @Test
    void mutatedFilesNeverCrashOrHang() throws Exception {
        Path good = dir.resolve("good.gguf");
        RandomModels.write(good, new RandomModels.Shape("dream", 32, 1, 2, 1, 64, 40, false), GGMLType.Q8_0, 3);
        byte[] bytes = Files.readAllBytes(good);
        int header;
        try (GGUFFile f = GGUFFile.open(good)) {
            header = (int) (f.fileSize() - f.tensors().values().stream().mapToLong(GGUFFile.TensorInfo::bytes).sum());
        }
        SplittableRandom rng = new SplittableRandom(2026);
        Path p = dir.resolve("mutant.gguf");
        for (int i = 0; i < 400; i++) {
            byte[] m = mutate(bytes, Math.max(64, header), rng);
            Files.write(p, m);
            int trial = i;
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> load(p, trial), "mutant " + trial + " hung");
        }
    }

    private static void load(Path p, int trial) {
        try (GGUFFile f = GGUFFile.open(p)) {
            Transformer t = GGUFModels.load(f);
            t.logits(new int[] {1, 2, t.maskId()}, new int[] {2});
        } catch (IllegalArgumentException expected) {
            if (!expected.getMessage().contains("mutant.gguf") && !expected.getMessage().contains("canvas"))
                throw new AssertionError("mutant " + trial + ": message does not name the file: " + expected.getMessage());
        }
    }

    private static byte[] mutate(byte[] bytes, int header, SplittableRandom rng) {
        byte[] m = bytes.clone();
        switch (rng.nextInt(4)) {
            case 0 -> { for (int k = 0, n = 1 + rng.nextInt(4); k < n; k++) m[rng.nextInt(header)] ^= (byte) (1 << rng.nextInt(8)); }
            case 1 -> {
                int at = rng.nextInt(header - 8);
                long v = switch (rng.nextInt(4)) { case 0 -> -1L; case 1 -> 0; case 2 -> Long.MAX_VALUE; default -> rng.nextLong(); };
                for (int k = 0; k < 8; k++) m[at + k] = (byte) (v >>> (8 * k));
            }
            case 2 -> m = Arrays.copyOf(m, rng.nextInt(m.length));
            default -> m[rng.nextInt(m.length)] = (byte) rng.nextInt(256);
        }
        return m;
    }
}
