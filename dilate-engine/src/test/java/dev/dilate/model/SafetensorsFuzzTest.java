package dev.dilate.model;

import dev.dilate.format.SafetensorsDtype;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Mutated safetensors checkpoints (bit flips and overwritten bytes in the JSON header and its
 * length, truncations) through the reader, the Hugging Face loader and one forward pass: each
 * must work or fail with an IllegalArgumentException naming the file, quickly.
 */
class SafetensorsFuzzTest {
    @TempDir Path dir;

    @Test
    void mutatedCheckpointsNeverCrashOrHang() throws Exception {
        Path folder = HFFixtures.write(dir.resolve("good"), HFFixtures.DREAM, SafetensorsDtype.F32, 1, 9);
        Path weights = folder.resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(weights);
        int header = 8 + (int) ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        SplittableRandom rng = new SplittableRandom(77);
        for (int i = 0; i < 300; i++) {
            Files.write(weights, mutate(bytes, header, rng));
            int trial = i;
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> load(folder, trial), "mutant " + trial + " hung");
        }
    }

    private static void load(Path folder, int trial) {
        try (HFCheckpoint m = HFCheckpoint.open(folder)) {
            Transformer t = HFModels.load(m);
            t.logits(new int[] {1, 2, t.maskId()}, new int[] {2});
        } catch (IllegalArgumentException expected) {
            String msg = String.valueOf(expected.getMessage());
            if (!msg.contains(folder.getFileName().toString()))
                throw new AssertionError("mutant " + trial + ": message does not name the file: " + msg);
        }
    }

    private static byte[] mutate(byte[] bytes, int header, SplittableRandom rng) {
        byte[] m = bytes.clone();
        switch (rng.nextInt(4)) {
            case 0 -> { for (int k = 0, n = 1 + rng.nextInt(3); k < n; k++) m[rng.nextInt(header)] ^= (byte) (1 << rng.nextInt(8)); }
            case 1 -> m[8 + rng.nextInt(header - 8)] = (byte) "{}[]\":,0123456789-eE.".charAt(rng.nextInt(21));
            case 2 -> m = Arrays.copyOf(m, rng.nextInt(m.length));
            default -> { for (int k = 0; k < 8; k++) m[k] = (byte) rng.nextInt(256); }
        }
        return m;
    }
}
