package dev.dilate.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * c[i][..] (+)= sum_r a(i, r) b[r][..]: every row of c a linear combination of the rows of b, with
 * the coefficients a(i, r) = a[i is + r rs] read through two strides. Both backward products of
 * a linear layer are this shape without transposing anything: the input gradient dX = dY W
 * (i a token, r an output row of W) and the weight gradient dW = dY^T X (i an output row, r a token).
 *
 * <p>Performance notes. Lanes run along the rows of b and c, so a coefficient is broadcast and
 * no lanes are ever reduced.
 * <ul>
 *   <li>Each worker owns a range of rows of c, so no two workers write the same values and each
 *       value's sum runs in one fixed order (r ascending) whatever the split.</li>
 *   <li>The register tile is 4 rows of c x 4 vectors of columns = 16 accumulators: per r, 4 loads
 *       of b and 4 broadcast coefficients feed 16 FMAs, the same ratio as {@link Gemm}'s tile.</li>
 *   <li>r is cut into blocks of {@link #DEPTH} so that the strip of b a tile reads (DEPTH x 4
 *       vectors) stays in L1 while the worker sweeps all its row tiles over it; the accumulators
 *       are loaded from and stored to c once per block, a DEPTH-th of the FMAs.</li>
 * </ul>
 * Tried on Zen 4 under load and not kept: copying each strip into a packed, cache-line aligned
 * scratch (no faster), an 8-row x 2-vector tile (slower), blocks of 32 rows (slower) and of 128
 * or 256 (no faster).
 */
public final class RowCombination {
    private RowCombination() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int ROWS = 4, VECTORS = 4, STRIP = VECTORS * S.length();
    /** Rows of b per block: a 16 KB strip with 512-bit vectors, half an L1. */
    private static final int DEPTH = 64;

    /**
     * c (m x k, row-major) = the combinations over r < depth, or c += them when {@code add};
     * b is depth x k, row-major. Split across the pool by rows of c.
     */
    static void of(float[] a, int is, int rs, int m, int depth, float[] b, int k, float[] c, boolean add) {
        check(a, 0, is, rs, m, depth, b, 0, k, c, 0);
        Parallel.forRange(m, ROWS, (from, to) -> rows(a, 0, is, rs, from, to, depth, b, 0, k, c, 0, add));
    }

    /**
     * The same product on the calling thread, with a, b and c starting at offsets ao, bo and co:
     * for products that are themselves one of many parallel jobs (attention per head). Start b
     * and c at {@link Gemm#PAD} in arrays of their own, with k a multiple of 16, for aligned loads.
     */
    public static void serial(float[] a, int ao, int is, int rs, int m, int depth, float[] b, int bo, int k, float[] c, int co, boolean add) {
        check(a, ao, is, rs, m, depth, b, bo, k, c, co);
        rows(a, ao, is, rs, 0, m, depth, b, bo, k, c, co, add);
    }

    private static void check(float[] a, int ao, int is, int rs, int m, int depth, float[] b, int bo, int k, float[] c, int co) {
        boolean aFits = m == 0 || depth == 0 || a.length > ao + (long) (m - 1) * is + (long) (depth - 1) * rs;
        if (!aFits || b.length < bo + (long) depth * k || c.length < co + (long) m * k)
            throw new IllegalArgumentException("row combination: buffers too small for " + m + " x " + depth + " x " + k);
    }

    /** Rows [from, to) of c. */
    private static void rows(float[] a, int ao, int is, int rs, int from, int to, int depth, float[] b, int bo, int k,
                             float[] c, int co, boolean add) {
        if (!add) java.util.Arrays.fill(c, co + from * k, co + to * k, 0);
        int tiled = from + (to - from) / ROWS * ROWS, strips = k / STRIP * STRIP;
        for (int r0 = 0; r0 < depth; r0 += DEPTH) {
            int r1 = Math.min(depth, r0 + DEPTH);
            for (int col = 0; col < strips; col += STRIP)
                for (int i = from; i < tiled; i += ROWS) tile(a, ao + i * is, is, rs, r0, r1, b, bo, k, col, c, co + i * k + col);
            for (int i = from; i < to; i++) narrow(a, ao + i * is, rs, r0, r1, b, bo, k, i < tiled ? strips : 0, c, co + i * k);
        }
    }

    /** The 4 x 4 register tile: rows i..i+3 of c (from c[co], k apart), columns col..col+STRIP; b from b[bo]. */
    private static void tile(float[] a, int ao, int is, int rs, int r0, int r1, float[] b, int bo, int k, int col, float[] c, int co) {
        int L = S.length(), c0 = co, c1 = c0 + k, c2 = c1 + k, c3 = c2 + k;
        FloatVector a00 = FloatVector.fromArray(S, c, c0), a01 = FloatVector.fromArray(S, c, c0 + L),
                a02 = FloatVector.fromArray(S, c, c0 + 2 * L), a03 = FloatVector.fromArray(S, c, c0 + 3 * L),
                a10 = FloatVector.fromArray(S, c, c1), a11 = FloatVector.fromArray(S, c, c1 + L),
                a12 = FloatVector.fromArray(S, c, c1 + 2 * L), a13 = FloatVector.fromArray(S, c, c1 + 3 * L),
                a20 = FloatVector.fromArray(S, c, c2), a21 = FloatVector.fromArray(S, c, c2 + L),
                a22 = FloatVector.fromArray(S, c, c2 + 2 * L), a23 = FloatVector.fromArray(S, c, c2 + 3 * L),
                a30 = FloatVector.fromArray(S, c, c3), a31 = FloatVector.fromArray(S, c, c3 + L),
                a32 = FloatVector.fromArray(S, c, c3 + 2 * L), a33 = FloatVector.fromArray(S, c, c3 + 3 * L);
        for (int r = r0; r < r1; r++) {
            int row = bo + r * k + col, x = ao + r * rs;
            FloatVector v0 = FloatVector.fromArray(S, b, row), v1 = FloatVector.fromArray(S, b, row + L);
            FloatVector v2 = FloatVector.fromArray(S, b, row + 2 * L), v3 = FloatVector.fromArray(S, b, row + 3 * L);
            FloatVector s = FloatVector.broadcast(S, a[x]);
            a00 = v0.fma(s, a00); a01 = v1.fma(s, a01); a02 = v2.fma(s, a02); a03 = v3.fma(s, a03);
            s = FloatVector.broadcast(S, a[x + is]);
            a10 = v0.fma(s, a10); a11 = v1.fma(s, a11); a12 = v2.fma(s, a12); a13 = v3.fma(s, a13);
            s = FloatVector.broadcast(S, a[x + 2 * is]);
            a20 = v0.fma(s, a20); a21 = v1.fma(s, a21); a22 = v2.fma(s, a22); a23 = v3.fma(s, a23);
            s = FloatVector.broadcast(S, a[x + 3 * is]);
            a30 = v0.fma(s, a30); a31 = v1.fma(s, a31); a32 = v2.fma(s, a32); a33 = v3.fma(s, a33);
        }
        a00.intoArray(c, c0); a01.intoArray(c, c0 + L); a02.intoArray(c, c0 + 2 * L); a03.intoArray(c, c0 + 3 * L);
        a10.intoArray(c, c1); a11.intoArray(c, c1 + L); a12.intoArray(c, c1 + 2 * L); a13.intoArray(c, c1 + 3 * L);
        a20.intoArray(c, c2); a21.intoArray(c, c2 + L); a22.intoArray(c, c2 + 2 * L); a23.intoArray(c, c2 + 3 * L);
        a30.intoArray(c, c3); a31.intoArray(c, c3 + L); a32.intoArray(c, c3 + 2 * L); a33.intoArray(c, c3 + 3 * L);
    }

    /**
     * One row of c (from c[co]; b from b[bo]), columns [col, k), a vector at a time and then in scalar: what the
     * tiles leave (rows past the last whole tile, columns past the last whole strip).
     */
    private static void narrow(float[] a, int ao, int rs, int r0, int r1, float[] b, int bo, int k, int col, float[] c, int co) {
        int j = col;
        for (int upper = S.loopBound(k); j < upper; j += S.length()) {
            FloatVector acc = FloatVector.fromArray(S, c, co + j);
            for (int r = r0; r < r1; r++) acc = FloatVector.fromArray(S, b, bo + r * k + j).fma(FloatVector.broadcast(S, a[ao + r * rs]), acc);
            acc.intoArray(c, co + j);
        }
        for (; j < k; j++) {
            float acc = c[co + j];
            for (int r = r0; r < r1; r++) acc += a[ao + r * rs] * b[bo + r * k + j];
            c[co + j] = acc;
        }
    }
}
