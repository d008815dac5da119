package dev.dilate.tensor;

/**
 * An optional native library that runs the projection products in place of the Java tiles,
 * through the FFM API: a BLAS's {@code cblas_sgemm} ({@link Blas}) or oneDNN's matmul
 * ({@link OneDnn}), which alone reaches the CPU's bf16 and int8 dot-product instructions. Off by default
 * and never needed: {@link NativeKernels} loads one only when asked to.
 */
public interface NativeKernel {

    /** The library is not installed, or cannot run here (no instructions for the arithmetic asked): not a fault of dilate's. */
    final class Unavailable extends IllegalStateException {
        Unavailable(String message) { super(message); }
    }

    /** The library and what it was built or dispatched for. */
    String description();

    /** Whether the products lose more than fp32 rounding here (bf16 or int8 arithmetic). */
    boolean approximate();

    /** Products of fewer tokens than this stay on the Java tiles, where the library's per-call overhead does not pay. */
    int minTokens();

    /**
     * Whether this kernel takes the product of w over this many tokens: long products only, and
     * in approximate arithmetic only weights stored below fp32. F32 weights are kept at full
     * precision on purpose (a mixture's router, whose scores pick the experts, where a flipped
     * choice moves a row's logits by 10% or more), and llama.cpp multiplies them in fp32 too.
     */
    default boolean takes(Matrix w, int tokens) {
        return tokens >= minTokens() && !(approximate() && w.type() == GGMLType.F32);
    }

    /**
     * y (T x rows, from y[yo]) = x (T x k, from x[xo]) times w (rows x k, from w[wo]) transposed,
     * all float arrays, on the calling thread: attention's products, one head per job. Returns
     * false, leaving them to the tiles, where this kernel does not take them.
     */
    default boolean multiplySerial(float[] w, int wo, int rows, int k, float[] x, int xo, int tokens, float[] y, int yo) {
        return false;
    }

    /** y (T x W.rows) = x (T x W.cols) times W transposed, as {@link Gemm#multiply}, on all compute threads. */
    void multiply(Matrix w, float[] x, int tokens, float[] y);
}
