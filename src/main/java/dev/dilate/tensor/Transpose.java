package dev.dilate.tensor;

/**
 * Matrix transposition in square blocks, so that both the rows read and the rows written stay in
 * L1 for a block (a naive column walk misses cache on every write once a row exceeds a page).
 */
public final class Transpose {
    private Transpose() {}

    private static final int BLOCK = 32;

    /** The transpose (cols x rows) of a row-major rows x cols matrix. */
    public static float[] of(float[] a, int rows, int cols) {
        float[] out = new float[rows * cols];
        Parallel.forRange(cols, BLOCK, (from, to) -> {
            for (int c0 = from; c0 < to; c0 += BLOCK)
                for (int r0 = 0; r0 < rows; r0 += BLOCK) {
                    int c1 = Math.min(to, c0 + BLOCK), r1 = Math.min(rows, r0 + BLOCK);
                    for (int c = c0; c < c1; c++)
                        for (int r = r0; r < r1; r++) out[c * rows + r] = a[r * cols + c];
                }
        });
        return out;
    }
}
