package dev.dilate.tensor;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every generated tile shape against a plain double-precision loop: a depth with a tail shorter
 * than a vector, offsets into the arrays, strides of x and y wider than the tile, and the
 * accumulate-into-y form of a later k-pass.
 */
class TilesTest {

    @Test
    void everyCandidateShapeComputesItsBlockOfTheProduct() {
        SplittableRandom rng = new SplittableRandom(5);
        int depth = 16 * 5 + 7, xs = depth + 9, n = 11, wo = 3, xo = 6, yo = 2;
        for (int[] shape : Stream.of(KernelChoice.CANDIDATES_32, KernelChoice.CANDIDATES_16).flatMap(Arrays::stream).toList()) {
            int rows = shape[0], tokens = shape[1];
            float[] w = random(rng, wo + rows * depth), x = random(rng, xo + tokens * xs);
            float[] y = random(rng, yo + tokens * n), before = y.clone();
            Tiles.Kernel tile = Tiles.of(rows, tokens).kernel();
            for (boolean add : new boolean[] {false, true}) {
                float[] out = before.clone();
                tile.tile(w, wo, depth, x, xo, xs, out, yo, n, add);
                for (int j = 0; j < tokens; j++)
                    for (int i = 0; i < rows; i++) {
                        double want = add ? before[yo + j * n + i] : 0;
                        for (int k = 0; k < depth; k++) want += (double) w[wo + i * depth + k] * x[xo + j * xs + k];
                        float got = out[yo + j * n + i];
                        assertTrue(Math.abs(got - want) < 1e-4, rows + "x" + tokens + " add=" + add + " y[" + j + "][" + i + "] = " + got + ", expected " + want);
                    }
                // Nothing outside the tile's outputs is written.
                for (int p = 0; p < out.length; p++) {
                    int q = p - yo;
                    boolean inside = q >= 0 && q % n < rows && q / n < tokens;
                    if (!inside) assertEquals(before[p], out[p], "y[" + p + "] outside the " + rows + "x" + tokens + " tile changed");
                }
            }
        }
    }

    /** Each list's shapes keep their accumulators, x vectors and w vector in its register file; this machine's is one of the two. */
    @Test
    void everyCandidateFitsItsRegisterFile() {
        for (int[] c : KernelChoice.CANDIDATES_32) assertTrue(c[0] * c[1] + c[1] + 1 <= 32, c[0] + "x" + c[1]);
        for (int[] c : KernelChoice.CANDIDATES_16) assertTrue(c[0] * c[1] + c[1] + 1 <= 16, c[0] + "x" + c[1]);
        assertTrue(KernelChoice.REGISTERS == 16 || KernelChoice.REGISTERS == 32, "registers: " + KernelChoice.REGISTERS);
        assertEquals(KernelChoice.REGISTERS == 32 ? KernelChoice.CANDIDATES_32 : KernelChoice.CANDIDATES_16, KernelChoice.CANDIDATES);
    }

    @Test
    void aShapeThatDoesNotFitTheRegistersIsRefused() {
        System.setProperty("dilate.tile", "9x9");
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, KernelChoice::atStartup);
            assertTrue(e.getMessage().contains("9x9"), e.getMessage());
        } finally {
            System.clearProperty("dilate.tile");
        }
    }

    private static float[] random(SplittableRandom rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (rng.nextDouble() * 2 - 1);
        return v;
    }
}
