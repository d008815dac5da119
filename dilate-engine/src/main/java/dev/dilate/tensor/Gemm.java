package dev.dilate.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * y[t][o] = sum_k x[t][k] W[o][k] for T tokens: the projection product of a denoising step, on
 * the kernel chosen for this CPU at the first product ({@link KernelChoice}): the Java register
 * tiles ({@link TiledProduct}), or a native library ({@link NativeKernel}) for long products where one is configured.
 */
public final class Gemm {
    private Gemm() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /**
     * Where to start in a scratch array so that vector loads are cache-line aligned (see
     * {@link TiledProduct#PAD}): callers that hand the products arrays of their own start them here.
     */
    public static final int PAD = TiledProduct.PAD;

    /** The kernel, settled at the first product (never in this class's initializer: the races run products). */
    private static volatile KernelChoice.Choice choice;

    private static KernelChoice.Choice choice() {
        KernelChoice.Choice c = choice;
        return c != null ? c : settle();
    }

    private static synchronized KernelChoice.Choice settle() {
        if (choice == null) choice = KernelChoice.atStartup();
        return choice;
    }

    /** Runs the products on this native library from now on, or on the Java tiles alone when null (the tile stays as chosen). */
    public static void use(NativeKernel library) {
        KernelChoice.Choice c = choice();
        choice = new KernelChoice.Choice(c.tile(), c.tileHow(), library, "");
    }

    /**
     * Runs the Java products on the register tile of this shape from now on ({@code 5x4}: rows x
     * tokens), as {@code DILATE_TILE} would; for timing shapes side by side in one process.
     *
     * @throws IllegalArgumentException if the shape is malformed or does not fit the registers
     */
    public static void useTile(String shape) {
        KernelChoice.Choice c = choice();
        choice = new KernelChoice.Choice(KernelChoice.parse(shape), "set by useTile", c.library(), c.libraryHow());
    }

    /**
     * Which kernel runs the products: the Java register tile and how its shape was chosen, or the
     * native library, its build and its arithmetic.
     *
     * @throws IllegalArgumentException if DILATE_TILE names no usable shape
     * @throws IllegalStateException if DILATE_BLAS names a library that cannot be loaded
     */
    public static String kernel() {
        KernelChoice.Choice c = choice();
        String tiles = "Java fp32 tile " + c.tile() + " over weights decoded per panel (" + S.length() + " lanes; " + c.tileHow() + ")";
        NativeKernel library = c.library();
        return (library == null ? tiles : library.description() + " for " + library.minTokens() + "+ tokens, else " + tiles) + c.libraryHow();
    }

    /** y (T x W.rows, row-major) = x (T x W.cols, row-major) times W transposed. */
    public static void multiply(Matrix w, float[] x, int tokens, float[] y) {
        int n = w.rows(), k = w.cols();
        if (x.length < (long) tokens * k || y.length < (long) tokens * n)
            throw new IllegalArgumentException("gemm " + w.name() + ": buffers too small for " + tokens + " tokens");
        KernelChoice.Choice c = choice();
        if (c.library() != null && c.library().takes(w, tokens)) c.library().multiply(w, x, tokens, y);
        else TiledProduct.multiply(c.tile(), w, x, tokens, y);
    }

    /**
     * y (T x rows, from y[yo]) = x (T x k, from x[xo]) times w (rows x k, already floats, from w[wo]) transposed,
     * on the calling thread: for products that are themselves one of many parallel jobs (attention
     * per head), on the native kernel where it takes them (bf16, in the approximate arithmetics).
     * Start both at {@link #PAD} in arrays of their own, with k a multiple of 16, for aligned loads.
     */
    public static void multiplySerial(float[] w, int wo, int rows, int k, float[] x, int xo, int tokens, float[] y, int yo) {
        KernelChoice.Choice c = choice();
        NativeKernel library = c.library();
        if (library != null && tokens >= library.minTokens() && library.multiplySerial(w, wo, rows, k, x, xo, tokens, y, yo)) return;
        TiledProduct.multiplySerial(c.tile(), w, wo, rows, k, x, xo, tokens, y, yo);
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
