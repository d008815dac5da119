package dev.dilate.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The product y = x W^T on Java register tiles of one shape: the kernel {@link Gemm} runs unless
 * a BLAS takes over.
 *
 * <p>Performance notes. A denoising step multiplies every weight by hundreds of positions, so the
 * product is compute-bound and the whole game is reusing each loaded weight across many tokens.
 * <ul>
 *   <li>Each worker owns a range of output rows, so it streams only its own slice of the weights.</li>
 *   <li>A panel of rows is decoded once (any weight type, vectorized) into an L2-sized float
 *       scratch; the decode costs O(rows k) next to the O(rows k T) multiply-adds.</li>
 *   <li>The panel is then swept by tiles of x (L1-resident) in a register tile, by default
 *       4 rows x 4 tokens = 16 vector accumulators over the whole of k: 8 loads feed 16 FMAs,
 *       and lanes are reduced once per tile, not once per chunk. The tile is generated
 *       ({@link Tiles}) in the shape {@link KernelChoice} picks for this CPU.</li>
 * </ul>
 */
final class TiledProduct {
    private TiledProduct() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Decoded weights kept per worker: about half of a 1 MB L2, the rest is left for x. */
    private static final long PANEL_BYTES = 512 * 1024;
    /**
     * x bytes of one token tile per k-pass: an L1's worth (32 KB on Zen 4). Measured on Zen 4,
     * 16 KB passes were 5% slower (more lane reductions and y updates), 64 KB no faster.
     */
    private static final int L1_TILE_BYTES = 32 * 1024;
    private static final ThreadBuffer PANEL = new ThreadBuffer(), X = new ThreadBuffer();
    /**
     * Where to start in a scratch array so that vector loads are cache-line aligned: a load that
     * straddles two lines costs twice, about 20% of the product. float[] data begins 16 bytes into
     * the object (HotSpot, compressed class pointers) and the launcher asks for objects aligned to
     * 64 bytes (-XX:ObjectAlignmentInBytes=64), so data + 12 floats is aligned. Without that flag
     * only the speed changes.
     */
    static final int PAD = (64 - 16) / 4;

    /** The product on the Java register tiles of one shape. */
    static void multiply(Tiles.Shape tile, Matrix w, float[] x, int tokens, float[] y) {
        int n = w.rows(), k = w.cols();
        int kc = depth(k, w.type().blockSize), panelRows = panelRows(tile.rows(), kc);
        float[] xa = X.floats(PAD + tokens * k);
        // Copied in parallel: a serial copy of a long batch's activations (MBs) leaves the other cores idle.
        Parallel.forRange(tokens, 64, (from, to) -> System.arraycopy(x, from * k, xa, PAD + from * k, (to - from) * k));
        Parallel.forRange(n, tile.rows(), (from, to) -> {
            float[] panel = PANEL.floats(PAD + panelRows * kc);
            long rowBytes = w.rowBytes();
            for (int o = from; o < to; o += panelRows) {
                int rows = Math.min(panelRows, to - o);
                for (int k0 = 0; k0 < k; k0 += kc) {
                    int depth = Math.min(kc, k - k0);
                    long skip = w.type().bytes(k0);
                    for (int r = 0; r < rows; r++) Dequant.decode(w.type(), w.data(), (o + r) * rowBytes + skip, panel, PAD + r * depth, depth);
                    product(tile, panel, PAD, rows, depth, xa, PAD, k, k0, tokens, y, n, o, k0 > 0);
                }
            }
        });
    }

    /**
     * The k-depth of one pass: all of k when a 4-token tile of x fits L1, else the largest
     * whole number of weight blocks that does (the partial sums then accumulate into y). Fixed
     * at 4 tokens whatever the tile, because the depth decides the order of the sums and the
     * tile's shape must not change a result.
     */
    static int depth(int k, int block) {
        int fit = L1_TILE_BYTES / 4 / 4;
        if (k <= fit) return k;
        return Math.max(block, fit / block * block);
    }

    /**
     * y (T x rows, from y[yo]) = x (T x k, from x[xo]) times w (rows x k, already floats, from w[wo]) transposed,
     * on the calling thread: for products that are themselves one of many parallel jobs (attention
     * per head). Start both at {@link #PAD} in arrays of their own, with k a multiple of 16, for
     * aligned loads.
     */
    static void multiplySerial(Tiles.Shape tile, float[] w, int wo, int rows, int k, float[] x, int xo, int tokens, float[] y, int yo) {
        product(tile, w, wo, rows, k, x, xo, k, 0, tokens, y, rows, yo, false);
    }

    /** Rows per decoded panel: a multiple of the register tile's rows that fits the panel budget. */
    static int panelRows(int tileRows, int k) {
        long rows = PANEL_BYTES / 4 / k / tileRows * tileRows;
        return (int) Math.max(tileRows, rows);
    }

    /**
     * y[t][o + r] (+)= panel[r][0..depth) . x[t][k0..k0+depth) for the decoded rows and every token;
     * panel rows start at pb, x rows (k long) at xb. Accumulates into y when {@code add} (a later k-pass).
     */
    private static void product(Tiles.Shape tile, float[] panel, int pb, int rows, int depth, float[] x, int xb, int k, int k0, int T,
                                float[] y, int n, int o, boolean add) {
        int R = tile.rows(), C = tile.tokens();
        Tiles.Kernel kernel = tile.kernel();
        int fullRows = rows / R * R, t = 0;
        for (; t + C <= T; t += C) {
            for (int r = 0; r < fullRows; r += R) kernel.tile(panel, pb + r * depth, depth, x, xb + t * k + k0, k, y, t * n + o + r, n, add);
            for (int r = fullRows; r < rows; r++)
                for (int j = 0; j < C; j++) Tiles.store(y, (t + j) * n + o + r, dot(panel, pb + r * depth, x, xb + (t + j) * k + k0, depth), add);
        }
        for (; t < T; t++)
            for (int r = 0; r < rows; r++) Tiles.store(y, t * n + o + r, dot(panel, pb + r * depth, x, xb + t * k + k0, depth), add);
    }

    /** sum_i a[ao + i] b[bo + i] for {@code i < len}. */
    private static float dot(float[] a, int ao, float[] b, int bo, int len) {
        int upper = S.loopBound(len);
        FloatVector acc = FloatVector.zero(S);
        for (int i = 0; i < upper; i += S.length())
            acc = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc);
        return acc.reduceLanes(VectorOperators.ADD) + Tiles.tail(a, ao, b, bo, upper, len);
    }
}
