package dev.dilate.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Row moves and sums over row-major float matrices: what a residual stream and its selected rows need. */
public final class Rows {
    private Rows() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** The given rows of m (rows of width values), packed in their order into out, which is returned. */
    public static float[] gather(float[] m, int[] rows, int width, float[] out) {
        for (int r = 0; r < rows.length; r++) System.arraycopy(m, rows[r] * width, out, r * width, width);
        return out;
    }

    /** full (n rows of width, overwritten) = zero, then {@link #scatterAdd}: gather's adjoint. */
    public static void scatter(float[] packed, int[] rows, int width, float[] full, int n) {
        java.util.Arrays.fill(full, 0, n * width, 0);
        scatterAdd(packed, rows, width, full);
    }

    /**
     * Adds each packed row r to row rows[r] of full: sums the gradients of rows that were copies of
     * one (rows may repeat). Split by columns, so every worker adds its columns of all rows in the
     * same order.
     */
    public static void scatterAdd(float[] packed, int[] rows, int width, float[] full) {
        Parallel.forRange(width, S.length(), (from, to) -> {
            for (int r = 0; r < rows.length; r++) {
                int src = r * width, dst = rows[r] * width, i = from;
                for (int upper = from + S.loopBound(to - from); i < upper; i += S.length())
                    FloatVector.fromArray(S, full, dst + i).add(FloatVector.fromArray(S, packed, src + i)).intoArray(full, dst + i);
                for (; i < to; i++) full[dst + i] += packed[src + i];
            }
        });
    }

    /**
     * out[oo + i os + r] = scale m[mo + r stride + i] for {@code r < rows, i < cols}: a block of rows
     * (stride apart) transposed, on the calling thread. A vector's worth of a column (16 values on
     * AVX-512) is gathered at a time, one vgatherdps, sweeping the columns so that those rows' cache
     * lines are reused: 1.4-2x a scalar loop.
     */
    public static void transpose(float[] m, int mo, int rows, int stride, int cols, float scale, float[] out, int oo, int os) {
        int[] rowsApart = new int[S.length()];
        for (int j = 0; j < rowsApart.length; j++) rowsApart[j] = j * stride;
        int r = 0;
        for (int upper = S.loopBound(rows); r < upper; r += S.length())
            for (int i = 0; i < cols; i++)
                FloatVector.fromArray(S, m, mo + r * stride + i, rowsApart, 0).mul(scale).intoArray(out, oo + i * os + r);
        for (; r < rows; r++) for (int i = 0; i < cols; i++) out[oo + i * os + r] = m[mo + r * stride + i] * scale;
    }

    /** x += y over the first n values, vectorized and split across the pool: a residual stream is rows x d per layer, twice. */
    public static void add(float[] x, float[] y, int n) {
        Parallel.forRange(n, 4096, (from, to) -> {
            int i = from;
            for (int upper = from + S.loopBound(to - from); i < upper; i += S.length())
                FloatVector.fromArray(S, x, i).add(FloatVector.fromArray(S, y, i)).intoArray(x, i);
            for (; i < to; i++) x[i] += y[i];
        });
    }
}
