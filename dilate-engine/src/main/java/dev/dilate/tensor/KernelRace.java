package dev.dilate.tensor;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

/**
 * Times the Java tiles against a BLAS on one projection-shaped product, on this CPU, once at
 * start-up (under {@code DILATE_BLAS=auto}): which is faster differs between CPUs (on Zen 4
 * the tiles beat Debian's OpenBLAS; Zen 5's two FMA pipes favour the library's kernels), and
 * both give the same product up to rounding, so the faster one can simply be kept.
 */
final class KernelRace {
    private KernelRace() {}

    /** Rates of the two kernels on the race's product; the BLAS must win by 5%, more than run-to-run noise, to be kept. */
    record Result(double tileGflops, double blasGflops) {
        boolean blasWins() { return blasGflops > 1.05 * tileGflops; }
    }

    /** 256 tokens through a 1,024 x 1,024 F32 matrix: long enough (about 1 ms) to time, short enough for start-up. */
    private static final int TOKENS = 256, N = 1024, K = 1024, WARM_UP = 40, TIMED = 15;

    static Result run(Blas blas, TileChoice.Tile tile) {
        SplittableRandom rng = new SplittableRandom(1);
        float[] w = new float[N * K], x = new float[TOKENS * K], y = new float[TOKENS * N];
        for (int i = 0; i < w.length; i++) w[i] = (float) rng.nextDouble(-1, 1);
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextDouble(-1, 1);
        Matrix m = new Matrix("race", GGMLType.F32, N, K, MemorySegment.ofArray(w));
        // Interleaved, so that a burst of noise or a clock change hits both alike; warm-up compiles the tiles.
        long bestTiles = Long.MAX_VALUE, bestBlas = Long.MAX_VALUE;
        for (int i = 0; i < WARM_UP + TIMED; i++) {
            long t0 = System.nanoTime();
            Gemm.multiplyTiles(tile, m, x, TOKENS, y);
            long t1 = System.nanoTime();
            Gemm.multiply(blas, m, x, TOKENS, y);
            long t2 = System.nanoTime();
            if (i >= WARM_UP) {
                bestTiles = Math.min(bestTiles, t1 - t0);
                bestBlas = Math.min(bestBlas, t2 - t1);
            }
        }
        double flops = 2.0 * TOKENS * N * K;
        return new Result(flops / bestTiles, flops / bestBlas);
    }
}
