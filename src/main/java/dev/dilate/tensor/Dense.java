package dev.dilate.tensor;

import java.lang.foreign.MemorySegment;

/**
 * The three products of a linear layer y = x W^T over plain float matrices (weights being
 * trained), all row-major: the forward product, the input gradient dX = dY W and the weight
 * gradient dW = dY^T X.
 *
 * <p>Performance notes. The forward product runs on {@link Gemm}'s kernel, which wants both
 * operands with the reduction index innermost, as x and W already are. The two gradients have
 * their reduction index outermost in one operand (W's rows for dX, the tokens for dW); they run on
 * {@link RowCombination}, whose lanes run along that operand's rows, so nothing is transposed.
 */
public final class Dense {
    private Dense() {}

    /** y (T x n) = x (T x k) times W (n x k) transposed. */
    public static void forward(float[] w, int n, int k, float[] x, int tokens, float[] y) {
        Gemm.multiply(matrix(w, n, k), x, tokens, y);
    }

    /**
     * dx (T x k) = dy (T x n) times W (n x k), or dx += it when {@code add}: the gradient of x
     * through y = x W^T (adding sums the gradients of an input that several projections read).
     */
    public static void inputGradient(float[] w, int n, int k, float[] dy, int tokens, float[] dx, boolean add) {
        RowCombination.of(dy, n, 1, tokens, n, w, k, dx, add);
    }

    /** dw (n x k) = dy (T x n) transposed times x (T x k): the gradient of W through y = x W^T. */
    public static void weightGradient(float[] dy, int n, float[] x, int k, int tokens, float[] dw) {
        RowCombination.of(dy, 1, n, n, tokens, x, k, dw, false);
    }

    private static Matrix matrix(float[] w, int rows, int cols) {
        return new Matrix("dense", GGMLType.F32, rows, cols, MemorySegment.ofArray(w).asSlice(0, (long) rows * cols * Float.BYTES));
    }
}
