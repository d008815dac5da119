package dev.dilate.tensor;

/**
 * An optional native library that runs the projection products in place of the Java tiles,
 * through the FFM API: a BLAS's {@code cblas_sgemm} ({@link Blas}) or oneDNN's matmul
 * ({@link OneDnn}), which alone reaches the CPU's bf16 dot-product instructions. Off by default
 * and never needed: {@link NativeKernels} loads one only when asked to.
 */
public interface NativeKernel {

    /** The library and what it was built or dispatched for. */
    String description();

    /** Whether the products lose more than fp32 rounding here (bf16 arithmetic). */
    boolean approximate();

    /** Products of fewer tokens than this stay on the Java tiles, where the library's per-call overhead does not pay. */
    int minTokens();

    /** y (T x W.rows) = x (T x W.cols) times W transposed, as {@link Gemm#multiply}, on all compute threads. */
    void multiply(Matrix w, float[] x, int tokens, float[] y);
}
