package dev.dilate.tensor;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which register tile {@link Gemm} runs, chosen once per process: the {@code dilate.tile} system
 * property or the {@code DILATE_TILE} environment variable names a shape ({@code 5x4}: rows x
 * tokens) or asks for {@code auto}, a race of every candidate shape on this CPU at start-up;
 * unset, the 4 x 4 tile. The shape never changes a result ({@link Tiles}), so a race that picks
 * differently from run to run changes only the speed.
 *
 * <p>Measured on Zen 4: bare tiles on one core (a 64-row panel against 64 tokens over depth
 * 2,048) run 4x4, 4x5 and 5x4 alike at 95-97 GFLOP/s, 6x3 and 3x6 at 89-92, 6x4 and 4x6 at
 * 83-86, the narrow 3x8, 8x3, 2x8 and 8x2 at 66-75; in whole forwards of {@code bench}'s
 * {@code small} shape 5x4 and 4x5 were 5-14% slower than 4x4, which the race below agrees with.
 * Zen 5 issues twice the FMAs per cycle from the same 32 registers, so a different shape may win
 * there; none was measured.
 */
final class TileChoice {
    private TileChoice() {}

    /** A chosen tile: its shape, its code and how it was chosen. */
    record Tile(int rows, int tokens, Tiles.Kernel kernel, String how) {}

    /** Shapes whose R C accumulators, C x vectors and one w vector fit AVX-512's 32 registers. */
    static final int[][] CANDIDATES = {{4, 4}, {4, 5}, {5, 4}, {3, 6}, {6, 3}, {4, 6}, {6, 4}, {3, 8}, {8, 3}, {2, 8}, {8, 2}};

    /** How much faster than 4x4 a shape must race to replace it: races of one shape differ by 1-3% here. */
    private static final double MARGIN = 1.03;

    static Tile atStartup() {
        String spec = System.getProperty("dilate.tile", System.getenv().getOrDefault("DILATE_TILE", "")).trim();
        if (spec.isEmpty()) return shape(4, 4, "default");
        if (spec.equals("auto")) return race();
        String[] parts = spec.split("x");
        try {
            if (parts.length == 2) {
                int rows = Integer.parseInt(parts[0]), tokens = Integer.parseInt(parts[1]);
                if (rows >= 1 && tokens >= 1 && rows * tokens + tokens + 1 <= 32) return shape(rows, tokens, "set by dilate.tile / DILATE_TILE");
            }
        } catch (NumberFormatException bad) {
            // reported below
        }
        throw new IllegalArgumentException("tile '" + spec + "': expected auto or ROWSxTOKENS whose accumulators fit 32 registers (e.g. 4x4, 5x4)");
    }

    private static Tile shape(int rows, int tokens, String how) {
        return new Tile(rows, tokens, Tiles.of(rows, tokens), how);
    }

    /**
     * Every candidate timed in Gemm's own product (panel decode, all compute threads, remainders)
     * on the two kinds of product a forward makes: a projection of the 1B shape's width (320
     * tokens through 1,024 x 2,048 weights) and an attention score product (320 x 320 over a
     * 64-wide head, where the lane reductions weigh most). Interleaved, best of several rounds;
     * the fastest in total is kept. Bare tiles mislead: on Zen 4 they put 5x4 first by 2-5%,
     * and a projection alone ranks 5x4 level with 4x4, while whole forwards ran 5x4 5-14% slower.
     */
    private static Tile race() {
        List<Product> products = List.of(Product.of(320, 1024, 2048), Product.of(320, 320, 64));
        List<Tile> tiles = new ArrayList<>();
        for (int[] c : CANDIDATES) tiles.add(shape(c[0], c[1], ""));
        double flops = 0;
        for (Product p : products) flops += 2.0 * p.tokens * p.w.rows() * p.w.cols();
        double[] best = new double[tiles.size()];
        // The first rounds bring each tile to C2; rounds interleave shapes so that noise hits all alike.
        for (int round = 0; round < 6; round++)
            for (int s = 0; s < tiles.size(); s++) {
                long t0 = System.nanoTime();
                for (Product p : products) Gemm.multiplyTiles(tiles.get(s), p.w, p.x, p.tokens, p.y);
                double gflops = flops / (System.nanoTime() - t0);
                if (round >= 3) best[s] = Math.max(best[s], gflops);
            }
        // 4x4 (candidate 0) stays unless another shape beats it by more than the races' run-to-run noise.
        int win = 0, next = 1;
        for (int s = 1; s < best.length; s++) if (best[s] > best[win] && best[s] > MARGIN * best[0]) win = s;
        if (win == next) next = 0;
        for (int s = 0; s < best.length; s++) if (s != win && best[s] > best[next]) next = s;
        String how = String.format(Locale.ROOT, "auto: fastest of %d shapes raced at start-up, %.0f GFLOP/s; next %dx%d, %.0f",
                tiles.size(), best[win], tiles.get(next).rows(), tiles.get(next).tokens(), best[next]);
        Tile winner = tiles.get(win);
        return new Tile(winner.rows(), winner.tokens(), winner.kernel(), how);
    }

    /** A product to time: x (tokens x k) against w (n x k, F32). */
    private record Product(Matrix w, float[] x, int tokens, float[] y) {
        static Product of(int tokens, int n, int k) {
            float[] w = new float[n * k], x = new float[tokens * k];
            for (int i = 0; i < w.length; i++) w[i] = (i % 7) * 0.25f - 0.75f;
            for (int i = 0; i < x.length; i++) x[i] = (i % 5) * 0.5f - 1f;
            return new Product(new Matrix("race", GGMLType.F32, n, k, MemorySegment.ofArray(w)), x, tokens, new float[tokens * n]);
        }
    }
}
