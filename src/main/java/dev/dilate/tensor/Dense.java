package dev.dilate.tensor;

import java.lang.foreign.MemorySegment;

/**
 * The three products of a linear layer y = x W^T over plain float matrices (weights being
 * trained), all row-major: the forward product, the input gradient dX = dY W and the weight
 * gradient dW = dY^T X.
 *
 * <p>Performance notes. All three run on {@link Gemm}'s register-tiled kernel, which wants its
 * two operands with the reduction index innermost. The forward product already has that layout.
 * The other two get it by transposing the operand whose reduction index is outermost: W (n x k,
 * O(nk)) for dX, and both dY and X (O(T(n+k))) for dW. Each transpose is a factor k, n or
 * min(n, k) cheaper than the product it feeds, and lets every product reuse the tuned kernel.
 */
public final class Dense {
    private Dense() {}

    /** y (T x n) = x (T x k) times W (n x k) transposed. */
    public static void forward(float[] w, int n, int k, float[] x, int tokens, float[] y) {
        Gemm.multiply(matrix(w, n, k), x, tokens, y);
    }

    /** dx (T x k) = dy (T x n) times W (n x k): the gradient of x through y = x W^T. */
    public static void inputGradient(float[] w, int n, int k, float[] dy, int tokens, float[] dx) {
        float[] wt = Transpose.of(w, n, k);
        Gemm.multiply(matrix(wt, k, n), dy, tokens, dx);
    }

    /** dw (n x k) = dy (T x n) transposed times x (T x k): the gradient of W through y = x W^T. */
    public static void weightGradient(float[] dy, int n, float[] x, int k, int tokens, float[] dw) {
        if (tokens == 0) {
            java.util.Arrays.fill(dw, 0, n * k, 0);
            return;
        }
        float[] dyt = Transpose.of(dy, tokens, n), xt = Transpose.of(x, tokens, k);
        Gemm.multiply(matrix(xt, k, tokens), dyt, n, dw);
    }

    private static Matrix matrix(float[] w, int rows, int cols) {
        return new Matrix("dense", GGMLType.F32, rows, cols, MemorySegment.ofArray(w).asSlice(0, (long) rows * cols * Float.BYTES));
    }
}
