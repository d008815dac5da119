package dev.dilate.tensor;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * y[t][o] = sum_k x[t][k] W[o][k] for T tokens: the projection product of a denoising step.
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
 *       ({@link Tiles}) in the shape {@link TileChoice} picks for this CPU.</li>
 * </ul>
 */
public final class Gemm {
    private Gemm() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Decoded weights kept per worker: about half of a 1 MB L2, the rest is left for x. */
    private static final long PANEL_BYTES = 512 * 1024;
    /** Decoded weights per native call: on Zen 4, panels of 512 KB, 2 MB and 8 MB measured alike. */
    private static final long BLAS_PANEL_BYTES = 2L << 20;
    /**
     * Fewer tokens than this stay on the Java tiles even with a BLAS: the library repacks both
     * operands every call, which a short product does not pay back (Zen 4, OpenBLAS 0.3.21: the
     * head over 32 rows took 0.022 s against the tiles' 0.014 s).
     */
    private static final int BLAS_MIN_TOKENS = 64;
    /**
     * x bytes of one token tile per k-pass: an L1's worth (32 KB on Zen 4). Measured on Zen 4,
     * 16 KB passes were 5% slower (more lane reductions and y updates), 64 KB no faster.
     */
    private static final int L1_TILE_BYTES = 32 * 1024;
    private static final ThreadLocal<float[]> PANEL = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> X = ThreadLocal.withInitial(() -> new float[0]);
    /**
     * Where to start in a scratch array so that vector loads are cache-line aligned: a load that
     * straddles two lines costs twice, about 20% of the product. float[] data begins 16 bytes into
     * the object (HotSpot, compressed class pointers) and the launcher asks for objects aligned to
     * 64 bytes (-XX:ObjectAlignmentInBytes=64), so data + 12 floats is aligned. Without that flag
     * only the speed changes.
     */
    public static final int PAD = (64 - 16) / 4;

    /** The register tile, R rows x C tokens (4 x 4 unless DILATE_TILE says otherwise), settled at the first product: see {@link TileChoice}. */
    private static volatile TileChoice.Tile tile;
    /** The native sgemm the products run on instead of the Java tiles, or null; settled at the first product. */
    private static volatile Blas blas;
    private static volatile boolean settled;
    /** How the BLAS was chosen, when a start-up race chose it. */
    private static volatile String race = "";

    /** Runs the products on this BLAS from now on, or on the Java tiles when null; the process starts with {@link Blas#configured()}. */
    public static void use(Blas library) {
        if (!settled) settle();
        blas = library;
        race = "";
    }

    /**
     * Which kernel runs the products: the Java register tile and how its shape was chosen, or the
     * BLAS and its build.
     *
     * @throws IllegalArgumentException if DILATE_TILE names no usable shape
     * @throws IllegalStateException if DILATE_BLAS names a library that cannot be loaded
     */
    public static String kernel() {
        if (!settled) settle();
        Blas b = blas;
        String tiles = "Java fp32 tile " + tile.rows() + "x" + tile.tokens() + " (" + S.length() + " lanes; " + tile.how() + ")";
        return (b == null ? tiles : b + " for " + BLAS_MIN_TOKENS + "+ tokens, else " + tiles) + race;
    }

    /**
     * The tile (DILATE_TILE), then the kernel (DILATE_BLAS); under {@code auto}, the BLAS only if
     * it wins a race against the tiles on this CPU. Both races time Gemm's own products, so they
     * run here, after the class is initialized, never from its static initializer.
     */
    private static synchronized void settle() {
        if (settled) return;
        tile = TileChoice.atStartup();
        Blas configured = Blas.configured().orElse(null);
        if (configured != null && Blas.automatic()) {
            KernelRace.Result r = KernelRace.run(configured, tile);
            if (!r.blasWins()) configured = null;
            race = String.format(java.util.Locale.ROOT, " (auto, measured at start-up: Java tiles %.0f GFLOP/s, BLAS %.0f)", r.tileGflops(), r.blasGflops());
        }
        blas = configured;
        settled = true;
    }

    /** y (T x W.rows, row-major) = x (T x W.cols, row-major) times W transposed. */
    public static void multiply(Matrix w, float[] x, int tokens, float[] y) {
        int n = w.rows(), k = w.cols();
        if (x.length < (long) tokens * k || y.length < (long) tokens * n)
            throw new IllegalArgumentException("gemm " + w.name() + ": buffers too small for " + tokens + " tokens");
        if (!settled) settle();
        Blas b = blas;
        if (b != null && tokens >= BLAS_MIN_TOKENS) multiply(b, w, x, tokens, y);
        else multiplyTiles(tile, w, x, tokens, y);
    }

    /** The product on the Java register tiles of one shape. */
    static void multiplyTiles(TileChoice.Tile tile, Matrix w, float[] x, int tokens, float[] y) {
        int n = w.rows(), k = w.cols();
        int kc = depth(k, w.type().blockSize), panelRows = panelRows(tile.rows(), kc);
        float[] xa = scratch(X, PAD + tokens * k);
        // Copied in parallel: a serial copy of a long batch's activations (MBs) leaves the other cores idle.
        Parallel.forRange(tokens, 64, (from, to) -> System.arraycopy(x, from * k, xa, PAD + from * k, (to - from) * k));
        Parallel.forRange(n, tile.rows(), (from, to) -> {
            float[] panel = scratch(PANEL, PAD + panelRows * kc);
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
     * The product on a native sgemm: each worker hands its rows to the library one panel at a
     * time, F32 weights straight from the mapped file, other types decoded into a panel first
     * (whole rows: the library blocks k itself). A panel of BLAS_PANEL_BYTES keeps the library's
     * repacking of x (T k per call) small next to the panel's T k rows multiply-adds.
     */
    static void multiply(Blas b, Matrix w, float[] x, int tokens, float[] y) {
        int n = w.rows(), k = w.cols();
        int panelRows = (int) Math.max(1, BLAS_PANEL_BYTES / 4 / k);
        long rowBytes = w.rowBytes();
        Parallel.forRange(n, 1, (from, to) -> {
            float[] panel = w.type() == GGMLType.F32 ? null : scratch(PANEL, panelRows * k);
            for (int o = from; o < to; o += panelRows) {
                int rows = Math.min(panelRows, to - o);
                MemorySegment rowsOf;
                if (panel == null) rowsOf = w.data().asSlice(o * rowBytes, rows * rowBytes);
                else {
                    for (int r = 0; r < rows; r++) Dequant.decode(w.type(), w.data(), (o + r) * rowBytes, panel, r * k, k);
                    rowsOf = MemorySegment.ofArray(panel);
                }
                b.multiply(tokens, rows, k, x, 0, rowsOf, y, o, n);
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
    public static void multiplySerial(float[] w, int wo, int rows, int k, float[] x, int xo, int tokens, float[] y, int yo) {
        if (!settled) settle();
        product(tile, w, wo, rows, k, x, xo, k, 0, tokens, y, rows, yo, false);
    }

    /** Rows per decoded panel: a multiple of the register tile's rows that fits the panel budget. */
    static int panelRows(int tileRows, int k) {
        long rows = PANEL_BYTES / 4 / k / tileRows * tileRows;
        return (int) Math.max(tileRows, rows);
    }

    private static float[] scratch(ThreadLocal<float[]> holder, int size) {
        float[] p = holder.get();
        if (p.length < size) holder.set(p = new float[size]);
        return p;
    }

    /**
     * y[t][o + r] (+)= panel[r][0..depth) . x[t][k0..k0+depth) for the decoded rows and every token;
     * panel rows start at pb, x rows (k long) at xb. Accumulates into y when {@code add} (a later k-pass).
     */
    private static void product(TileChoice.Tile tile, float[] panel, int pb, int rows, int depth, float[] x, int xb, int k, int k0, int T,
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
    public static float dot(float[] a, int ao, float[] b, int bo, int len) {
        int upper = S.loopBound(len);
        FloatVector acc = FloatVector.zero(S);
        for (int i = 0; i < upper; i += S.length())
            acc = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc);
        return acc.reduceLanes(VectorOperators.ADD) + Tiles.tail(a, ao, b, bo, upper, len);
    }

    /** y[yo..yo+n) += a x[xo..xo+n). */
    public static void axpy(float a, float[] x, int xo, float[] y, int yo, int n) {
        FloatVector va = FloatVector.broadcast(S, a);
        int upper = S.loopBound(n), i = 0;
        for (; i < upper; i += S.length())
            FloatVector.fromArray(S, x, xo + i).fma(va, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        for (; i < n; i++) y[yo + i] += a * x[xo + i];
    }
}
