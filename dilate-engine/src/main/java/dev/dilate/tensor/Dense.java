package dev.dilate.tensor;

/**
 * The three products of a linear layer y = x W^T over plain float matrices (weights being
 * trained), all row-major: the forward product, the input gradient dX = dY W and the weight
 * gradient dW = dY^T X.
 *
 * <p>Performance notes. All three run on {@link RowCombination}'s outer-product kernel, which
 * wants the operand it streams (b) with its rows along the output's columns. dX and dW have it so
 * already (W and X); the forward product needs W^T, so W is transposed first: n k moves next to
 * the product's n k T multiply-adds (720 KB and about 0.07 ms for the largest matrix of the
 * reference shape, against 2-4 ms for its product).
 */
public final class Dense {
    private Dense() {}

    /** W^T, per calling thread, grown to the largest W it has multiplied (a trainer's lifetime of steps reuses it). */
    private static final ThreadBuffer TRANSPOSED = new ThreadBuffer();

    /** y (T x n) = x (T x k) times W (n x k) transposed. */
    public static void forward(float[] w, int n, int k, float[] x, int tokens, float[] y) {
        if (w.length < n * k) throw new IllegalArgumentException("dense: weights too small for " + n + " x " + k);
        float[] t = TRANSPOSED.floats(n * k);
        Parallel.forRange(n, 16, (from, to) -> Rows.transpose(w, from * k, to - from, k, k, 1, t, from, n));
        RowCombination.of(x, k, 1, tokens, k, t, n, y, false);
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
}
