package dev.dilate.tensor;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The three products of a linear layer against plain double-precision loops, on shapes that
 * exercise every path of {@link RowCombination}: row counts that are not multiples of the 6-row
 * tile, widths that are not multiples of the 4-vector strip (a 2-vector pair left, a vector, or
 * less), sums longer than one block of r (512), and an empty batch.
 */
class DenseTest {
    /** {n, k, tokens}. */
    private static final int[][] SHAPES = {{37, 70, 9}, {4, 64, 4}, {23, 256, 5}, {9, 131, 130}, {1, 1, 1}, {64, 200, 67}, {5, 17, 0}, {70, 600, 700}, {40, 100, 50}};

    @Test
    void forwardMatchesThePlainLoop() {
        SplittableRandom rng = new SplittableRandom(2);
        for (int[] shape : SHAPES) {
            int n = shape[0], k = shape[1], T = shape[2];
            float[] w = random(rng, n * k), x = random(rng, T * k), y = random(rng, T * n);
            Dense.forward(w, n, k, x, T, y);
            for (int t = 0; t < T; t++)
                for (int o = 0; o < n; o++) {
                    double want = 0, scale = 0;
                    for (int i = 0; i < k; i++) {
                        want += (double) x[t * k + i] * w[o * k + i];
                        scale += Math.abs((double) x[t * k + i] * w[o * k + i]);
                    }
                    check(y[t * n + o], want, scale, "y", shape, false);
                }
        }
    }

    @Test
    void inputGradientMatchesThePlainLoop() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int[] shape : SHAPES) {
            int n = shape[0], k = shape[1], T = shape[2];
            float[] w = random(rng, n * k), dy = random(rng, T * n), before = random(rng, T * k);
            for (boolean add : new boolean[] {false, true}) {
                float[] dx = before.clone();
                Dense.inputGradient(w, n, k, dy, T, dx, add);
                for (int t = 0; t < T; t++)
                    for (int i = 0; i < k; i++) {
                        double want = add ? before[t * k + i] : 0, scale = Math.abs(want);
                        for (int o = 0; o < n; o++) {
                            want += (double) dy[t * n + o] * w[o * k + i];
                            scale += Math.abs((double) dy[t * n + o] * w[o * k + i]);
                        }
                        check(dx[t * k + i], want, scale, "dx", shape, add);
                    }
            }
        }
    }

    @Test
    void weightGradientMatchesThePlainLoop() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int[] shape : SHAPES) {
            int n = shape[0], k = shape[1], T = shape[2];
            float[] dy = random(rng, T * n), x = random(rng, T * k), dw = random(rng, n * k);
            Dense.weightGradient(dy, n, x, k, T, dw);
            for (int o = 0; o < n; o++)
                for (int i = 0; i < k; i++) {
                    double want = 0, scale = 0;
                    for (int t = 0; t < T; t++) {
                        want += (double) dy[t * n + o] * x[t * k + i];
                        scale += Math.abs((double) dy[t * n + o] * x[t * k + i]);
                    }
                    check(dw[o * k + i], want, scale, "dw", shape, false);
                }
        }
    }

    private static void check(float got, double want, double scale, String what, int[] shape, boolean add) {
        assertTrue(Math.abs(got - want) <= 1e-5 * scale + 1e-6,
                what + " n=" + shape[0] + " k=" + shape[1] + " T=" + shape[2] + " add=" + add + ": " + got + ", expected " + want);
    }

    private static float[] random(SplittableRandom rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (rng.nextDouble() * 2 - 1);
        return v;
    }
}
