package dev.dilate.model;

import dev.dilate.tensor.GGMLType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A forward over several stacked canvases gives each canvas the logits it gets alone. */
class BatchedForwardTest {
    @TempDir Path dir;

    private void check(RandomModels.Shape shape) {
        Path file = dir.resolve(shape.architecture() + ".gguf");
        RandomModels.write(file, shape, GGMLType.Q8_0, 3);
        try (LoadedModel m = LoadedModel.open(file)) {
            Transformer t = m.transformer();
            SplittableRandom rng = new SplittableRandom(5);
            // Different lengths (one shorter than a register tile), row sets of different sizes, one empty.
            int[] lengths = {37, 3, 64, 20};
            int[][] canvases = new int[lengths.length][], rows = new int[lengths.length][];
            for (int i = 0; i < lengths.length; i++) {
                canvases[i] = rng.ints(lengths[i], 0, shape.vocab()).toArray();
                rows[i] = i == 3 ? new int[0] : rng.ints(1 + i * 3, 0, lengths[i]).distinct().toArray();
            }
            float[][][] batched = t.logits(canvases, rows);
            for (int i = 0; i < lengths.length; i++) {
                float[][] alone = t.logits(canvases[i], rows[i]);
                assertEquals(alone.length, batched[i].length);
                for (int r = 0; r < alone.length; r++)
                    for (int v = 0; v < alone[r].length; v++)
                        assertEquals(alone[r][v], batched[i][r][v], 1e-5f * (1 + Math.abs(alone[r][v])), "canvas " + i + " row " + r + " token " + v);
            }
        }
    }

    @Test
    void lladaBatchEqualsSeparateForwards() {
        check(new RandomModels.Shape("llada", 64, 2, 4, 4, 96, 300, false));
    }

    @Test
    void dreamWithGroupedHeadsBatchEqualsSeparateForwards() {
        check(new RandomModels.Shape("dream", 64, 2, 4, 2, 96, 300, true));
    }
}
