package dev.dilate.tensor;

import com.sun.management.HotSpotDiagnosticMXBean;
import jdk.incubator.vector.FloatVector;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which kernel {@link Gemm} runs, chosen once per process at its first product: the register
 * tile's shape ({@code dilate.tile} / {@code DILATE_TILE}: {@code 5x4}, or {@code auto}; unset,
 * 4 x 4 where there are 32 vector registers, 2 x 3 where there are 16) and whether long
 * products go to a native library ({@code dilate.blas} / {@code DILATE_BLAS}, see
 * {@link NativeKernels}). Under {@code auto} each is raced on this CPU in the products themselves: which
 * is fastest differs between CPUs, and neither choice changes a result beyond rounding (a tile's
 * shape not even that: see {@link Tiles}), so the faster one can simply be kept.
 *
 * <p>Measured on Zen 4: bare tiles on one core (a 64-row panel against 64 tokens over depth
 * 2,048) run 4x4, 4x5 and 5x4 alike at 95-97 GFLOP/s, 6x3 and 3x6 at 89-92, 6x4 and 4x6 at
 * 83-86, the narrow 3x8, 8x3, 2x8 and 8x2 at 66-75; in whole forwards of {@code bench}'s
 * {@code small} shape 5x4 and 4x5 were 5-14% slower than 4x4, which the race below agrees with.
 * Debian's OpenBLAS lost to the tiles by 8-15%. Zen 5 issues twice the FMAs per cycle from the
 * same 32 registers, so a different shape, or the library, may win there; none was measured.
 */
final class KernelChoice {
    private KernelChoice() {}

    /** The choice: a tile and how its shape was chosen; a native library for long products (or null) and how. */
    record Choice(Tiles.Shape tile, String tileHow, NativeKernel library, String libraryHow) {}

    /**
     * The vector registers C2 allocates here: 32 with AVX-512's encoding (and on AArch64), 16 with
     * AVX2's, where a tile's R C accumulators, C x vectors and one w vector must fit in half as many.
     */
    static final int REGISTERS = vectorRegisters();
    /**
     * Shapes whose R C accumulators, C x vectors and one w vector fit 32 registers, and those that
     * fit 16; each list's first is its register file's default. On Zen 4, 4x4 (below); on the
     * same CPU held to AVX2 ({@code -XX:UseAVX=2}), 2x3, whose whole {@code small} forwards ran
     * 20-30% faster than 4x4's, which needs 21 registers of the 16 (2x3 and 3x2 60-67% of the
     * peak, 2x4 and 4x2 52-55%, 4x4 45-49%).
     */
    static final int[][] CANDIDATES_32 = {{4, 4}, {4, 5}, {5, 4}, {3, 6}, {6, 3}, {4, 6}, {6, 4}, {8, 3}, {2, 8}, {8, 2}},
            CANDIDATES_16 = {{2, 3}, {3, 2}, {2, 4}, {4, 2}, {4, 3}, {3, 3}, {2, 5}, {5, 2}, {6, 2}};
    /** This machine's candidates. */
    static final int[][] CANDIDATES = REGISTERS >= 32 ? CANDIDATES_32 : CANDIDATES_16;
    /** How much faster than the default a shape must race to replace it: races of one shape differ by 1-3% here. */
    private static final double TILE_MARGIN = 1.03;
    /** How much faster than the tiles a native library must race to be kept: more than run-to-run noise. */
    private static final double LIBRARY_MARGIN = 1.05;

    /**
     * @throws IllegalArgumentException if DILATE_TILE names no usable shape
     * @throws IllegalStateException if DILATE_BLAS names a library that cannot be loaded
     */
    static Choice atStartup() {
        String spec = System.getProperty("dilate.tile", System.getenv().getOrDefault("DILATE_TILE", "")).trim();
        Tiles.Shape tile;
        String tileHow;
        if (spec.isEmpty()) {
            tile = Tiles.of(CANDIDATES[0][0], CANDIDATES[0][1]);
            tileHow = "default for " + REGISTERS + " vector registers";
        } else if (spec.equals("auto")) {
            List<Tiles.Shape> shapes = new ArrayList<>();
            for (int[] c : CANDIDATES) shapes.add(Tiles.of(c[0], c[1]));
            double[] rate = raceTiles(shapes);
            // The default (candidate 0) stays unless another shape beats it by more than the races' noise.
            int win = 0, next = 1;
            for (int s = 1; s < rate.length; s++) if (rate[s] > rate[win] && rate[s] > TILE_MARGIN * rate[0]) win = s;
            if (win == next) next = 0;
            for (int s = 0; s < rate.length; s++) if (s != win && rate[s] > rate[next]) next = s;
            tile = shapes.get(win);
            tileHow = String.format(Locale.ROOT, "auto: fastest of %d shapes raced at start-up, %.0f GFLOP/s; next %s, %.0f",
                    shapes.size(), rate[win], shapes.get(next), rate[next]);
        } else {
            tile = parse(spec);
            tileHow = "set by dilate.tile / DILATE_TILE";
        }
        List<NativeKernel> libraries = NativeKernels.configured();
        if (!NativeKernels.automatic()) return new Choice(tile, tileHow, libraries.isEmpty() ? null : libraries.getFirst(), "");
        // auto: the fastest library, kept only if it beats the tiles by more than the races' noise.
        NativeKernel library = null;
        double tiles = 0, best = 0;
        StringBuilder raced = new StringBuilder();
        for (NativeKernel candidate : libraries) {
            double[] rates = raceLibrary(tile, candidate);
            tiles = Math.max(tiles, rates[0]);
            raced.append(String.format(Locale.ROOT, ", %s %.0f", candidate.description(), rates[1]));
            if (rates[1] > best) { best = rates[1]; library = candidate; }
        }
        if (best <= LIBRARY_MARGIN * tiles) library = null;
        String libraryHow = libraries.isEmpty() ? " (auto: no fp32 library installed)"
                : String.format(Locale.ROOT, " (auto, measured at start-up: Java tiles %.0f GFLOP/s%s)", tiles, raced);
        return new Choice(tile, tileHow, library, libraryHow);
    }

    /** 16 on x86 without AVX-512 in use (UseAVX below 3: no EVEX encoding, so no zmm16-31 or ymm16-31), else 32. */
    private static int vectorRegisters() {
        String arch = System.getProperty("os.arch", "");
        if (!arch.equals("amd64") && !arch.equals("x86_64")) return arch.equals("aarch64") ? 32 : 16;
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return Integer.parseInt(hotspot.getVMOption("UseAVX").getValue()) >= 3 ? 32 : 16;
        } catch (RuntimeException unknown) {
            return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512 ? 32 : 16;   // a JVM without the flag: by the vectors' width
        }
    }

    static Tiles.Shape parse(String spec) {
        String[] parts = spec.split("x");
        try {
            if (parts.length == 2) {
                int rows = Integer.parseInt(parts[0]), tokens = Integer.parseInt(parts[1]);
                if (rows >= 1 && tokens >= 1 && rows * tokens + tokens + 1 <= 32) return Tiles.of(rows, tokens);
            }
        } catch (NumberFormatException bad) {
            // reported below
        }
        throw new IllegalArgumentException("tile '" + spec + "': expected auto or ROWSxTOKENS whose accumulators fit 32 registers (e.g. 4x4, 5x4)");
    }

    /**
     * GFLOP/s of each shape in the tiled product itself (panel decode, all compute threads,
     * remainders) over the two kinds of product a forward makes: a projection of the 1B shape's
     * width (320 tokens through 1,024 x 2,048 weights) and an attention score product (320 x 320
     * over a 64-wide head, where the lane reductions weigh most). Interleaved, best of several
     * rounds. Bare tiles mislead: on Zen 4 they put 5x4 first by 2-5%, and a projection alone
     * ranks 5x4 level with 4x4, while whole forwards ran 5x4 5-14% slower.
     */
    static double[] raceTiles(List<Tiles.Shape> shapes) {
        List<Product> products = List.of(Product.of(320, 1024, 2048), Product.of(320, 320, 64));
        double flops = 0;
        for (Product p : products) flops += p.flops();
        double[] best = new double[shapes.size()];
        // The first rounds bring each tile to C2; rounds interleave shapes so that noise hits all alike.
        for (int round = 0; round < 6; round++)
            for (int s = 0; s < shapes.size(); s++) {
                long t0 = System.nanoTime();
                for (Product p : products) TiledProduct.multiply(shapes.get(s), p.w, p.x, p.tokens, p.y);
                if (round >= 3) best[s] = Math.max(best[s], flops / (System.nanoTime() - t0));
            }
        return best;
    }

    /**
     * GFLOP/s of the tiles and of the native library on 256 tokens through a 1,024 x 1,024 matrix (about
     * 1 ms), interleaved, best of 15 after 40 rounds of warm-up that compile the tiles.
     */
    static double[] raceLibrary(Tiles.Shape tile, NativeKernel library) {
        Product p = Product.of(256, 1024, 1024);
        long tiles = Long.MAX_VALUE, nat = Long.MAX_VALUE;
        for (int i = 0; i < 55; i++) {
            long t0 = System.nanoTime();
            TiledProduct.multiply(tile, p.w, p.x, p.tokens, p.y);
            long t1 = System.nanoTime();
            library.multiply(p.w, p.x, p.tokens, p.y);
            long t2 = System.nanoTime();
            if (i >= 40) {
                tiles = Math.min(tiles, t1 - t0);
                nat = Math.min(nat, t2 - t1);
            }
        }
        return new double[] {p.flops() / tiles, p.flops() / nat};
    }

    /** A product to time: x (tokens x k) against w (n x k, F32). */
    private record Product(Matrix w, float[] x, int tokens, float[] y) {
        static Product of(int tokens, int n, int k) {
            float[] w = new float[n * k], x = new float[tokens * k];
            for (int i = 0; i < w.length; i++) w[i] = (i % 7) * 0.25f - 0.75f;
            for (int i = 0; i < x.length; i++) x[i] = (i % 5) * 0.5f - 1f;
            return new Product(new Matrix("race", GGMLType.F32, n, k, MemorySegment.ofArray(w)), x, tokens, new float[tokens * n]);
        }

        double flops() { return 2.0 * tokens * w.rows() * w.cols(); }
    }
}
