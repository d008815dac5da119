package dev.dilate.tensor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The rotation against the Sylvester matrix written out entry by entry in double precision,
 * H[i][j] = (-1)^popcount(i & j) / sqrt(b) within each block: on lengths with one block of a power
 * of two, several blocks of one vector's width or more, blocks narrower than a vector (with 16
 * lanes: 2, 4 and 8 values, the scalar path), and none.
 */
class HadamardTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 6, 8, 12, 24, 40, 96, 256, 2048, 4160, 5632})
    void rotatesAsTheBlockDiagonalSylvesterMatrix(int n) {
        SplittableRandom rng = new SplittableRandom(n);
        int off = 5;
        float[] x = new float[off + n];
        for (int i = 0; i < x.length; i++) x[i] = (float) (2 * rng.nextDouble() - 1);
        float[] got = new float[n];
        Hadamard.rotate(x, off, got, n);
        double[] want = sylvester(x, off, n);
        for (int i = 0; i < n; i++) assertEquals(want[i], got[i], 1e-5 * Math.sqrt(n), "n=" + n + " entry " + i);
    }

    /** x[off..off+n) times the block-diagonal Sylvester matrix, entry by entry: O(n b). */
    static double[] sylvester(float[] x, int off, int n) {
        int b = Integer.lowestOneBit(n);
        double norm = 1 / Math.sqrt(b);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            int block = i / b * b;
            for (int j = 0; j < b; j++) y[i] += (Integer.bitCount((i - block) & j) % 2 == 0 ? 1 : -1) * x[off + block + j];
            y[i] *= norm;
        }
        return y;
    }
}
