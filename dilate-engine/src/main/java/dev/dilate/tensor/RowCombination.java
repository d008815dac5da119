package dev.dilate.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * c[i][..] (+)= sum_r a(i, r) b[r][..]: every row of c a linear combination of the rows of b, with
 * the coefficients a(i, r) = a[i is + r rs] read through two strides. All three products of a
 * linear layer are this shape: the input gradient dX = dY W (i a token, r an output row of W),
 * the weight gradient dW = dY^T X (i an output row, r a token) and, given W transposed, the
 * forward product Y = X W^T (i a token, r an input feature).
 *
 * <p>Performance notes. Lanes run along the rows of b and c, so a coefficient is broadcast and
 * no lanes are ever reduced (an outer-product kernel, as BLIS's micro-kernels are).
 * <ul>
 *   <li>The register tile is 6 rows of c x 4 vectors of columns = 24 accumulators: per r, 4 loads
 *       of b and 6 broadcast coefficients feed 24 FMAs, and with the 4 b vectors and the
 *       broadcast it uses 29 of AVX-512's 32 registers (the shape assumes AVX-512: with AVX2's
 *       16 registers it spills). On Zen 4 it runs at 90-95% of the FMA peak from L1 and L2; the
 *       4 x 4 tile it replaced ran at 70% (16 FMAs did not hide the loads, broadcasts and index
 *       arithmetic).</li>
 *   <li>r is cut into blocks of up to {@link #DEPTH} so that the strip of b a tile reads (DEPTH x 4
 *       vectors, 128 KB) stays in L2 while the worker sweeps its row tiles over it (or all of b's
 *       block, when b is small); the
 *       accumulators are loaded from and stored to c once per block.</li>
 *   <li>The parallel jobs are cells of c (chunks of rows, across every column or one strip, as
 *       {@link #of} explains), so no two workers write the same values and each value's sum runs
 *       in one fixed order (r ascending) whatever the split.</li>
 * </ul>
 * Tried on Zen 4 and not kept: copying each strip of b into a packed, aligned scratch (no faster
 * than reading it in place) and an 8-row x 2-vector tile (slower).
 */
public final class RowCombination {
    private RowCombination() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int ROWS = 6, VECTORS = 4, STRIP = VECTORS * S.length(), PAIR = 2 * S.length();
    private static final int DEPTH = 512;
    /** The most of b a cell sweeps across all its columns: the L2 of one of these cores (Zen 4: 1 MB). */
    private static final long L2_BUDGET = 1 << 20;

    /**
     * c (m x k, row-major) = the combinations over r < depth, or c += them when {@code add};
     * b is depth x k, row-major. Split across the pool by cells of rows and column strips.
     */
    static void of(float[] a, int is, int rs, int m, int depth, float[] b, int k, float[] c, boolean add) {
        check(a, 0, is, rs, m, depth, b, 0, k, k, c, 0, k);
        if (m == 0) return;
        // Two ways to cut c into cells (measured at the reference shape: each alone about +3% of a
        // training step, both +9%). When b fits in L2 (a weight), a cell is a chunk of rows across
        // every column: a tile's rows of a stay in L1 while it sweeps all strips, so a (the large
        // operand) is read once. When b is larger (the activations a weight gradient streams), a
        // cell is one strip of a chunk of rows, with only as many chunks as even cells per worker
        // need, since every chunk re-reads its strip of b.
        boolean bFits = (long) depth * k * Float.BYTES <= L2_BUDGET;
        int strips = bFits ? 1 : Math.max(1, k / STRIP), want = bFits ? 4 * Parallel.THREADS : Parallel.THREADS;
        int chunks = Math.max(1, Math.min((m + ROWS - 1) / ROWS, want / gcd(strips, want)));
        int rowsPer = ((m + chunks - 1) / chunks + ROWS - 1) / ROWS * ROWS, rowChunks = Math.max(1, (m + rowsPer - 1) / rowsPer);
        Parallel.forRange(strips * rowChunks, 1, (from, to) -> {
            for (int cell = from; cell < to; cell++) {
                int strip = cell % strips, i0 = cell / strips * rowsPer;
                // The last strip also takes the columns past the last whole strip.
                int col0 = strip * STRIP, col1 = strip == strips - 1 ? k : col0 + STRIP;
                block(a, 0, is, rs, i0, Math.min(m, i0 + rowsPer), col0, col1, depth, b, 0, k, c, 0, k, add);
            }
        });
    }

    private static int gcd(int a, int b) { return b == 0 ? a : gcd(b, a % b); }

    /**
     * The same product on the calling thread, with a, b and c starting at offsets ao, bo and co
     * and the rows of b and c (k wide) bs and cs apart: for products that are themselves one of
     * many parallel jobs (attention per head), which read and write a head's columns of wider rows
     * in place.
     */
    public static void serial(float[] a, int ao, int is, int rs, int m, int depth, float[] b, int bo, int bs, int k,
                              float[] c, int co, int cs, boolean add) {
        check(a, ao, is, rs, m, depth, b, bo, bs, k, c, co, cs);
        block(a, ao, is, rs, 0, m, 0, k, depth, b, bo, bs, c, co, cs, add);
    }

    private static void check(float[] a, int ao, int is, int rs, int m, int depth, float[] b, int bo, int bs, int k, float[] c, int co, int cs) {
        boolean aFits = m == 0 || depth == 0 || a.length > ao + (long) (m - 1) * is + (long) (depth - 1) * rs;
        boolean bFits = depth == 0 || b.length >= bo + (long) (depth - 1) * bs + k, cFits = m == 0 || c.length >= co + (long) (m - 1) * cs + k;
        if (!aFits || !bFits || !cFits || bs < k || cs < k)
            throw new IllegalArgumentException("row combination: buffers too small for " + m + " x " + depth + " x " + k);
    }

    /**
     * Rows [i0, i1) and columns [col0, col1) of c: whole strips by {@link #tile}, then pairs of
     * vectors by {@link #pair}, the rest by {@link #narrow}.
     */
    private static void block(float[] a, int ao, int is, int rs, int i0, int i1, int col0, int col1, int depth,
                              float[] b, int bo, int bs, float[] c, int co, int cs, boolean add) {
        if (depth == 0 && !add) for (int i = i0; i < i1; i++) java.util.Arrays.fill(c, co + i * cs + col0, co + i * cs + col1, 0);
        int wide = col0 + (col1 - col0) / STRIP * STRIP, paired = wide + (col1 - wide) / PAIR * PAIR;
        // Equal blocks of at most DEPTH (704 = 352 + 352, not 512 + 192): a short last block pays
        // the accumulators' loads and stores over few FMAs.
        int blocks = (depth + DEPTH - 1) / DEPTH;
        int step = blocks == 0 ? 0 : (depth + blocks - 1) / blocks;
        for (int r0 = 0; r0 < depth; r0 += step) {
            int r1 = Math.min(depth, r0 + step);
            boolean load = add || r0 > 0;
            for (int i = i0; i < i1; i += ROWS) {
                for (int col = col0; col < wide; col += STRIP)
                    tile(a, ao + i * is, is, rs, Math.min(ROWS, i1 - i), r0, r1, b, bo + col, bs, c, co + i * cs + col, cs, load);
                for (int col = wide; col < paired; col += PAIR)
                    pair(a, ao + i * is, is, rs, Math.min(ROWS, i1 - i), r0, r1, b, bo + col, bs, c, co + i * cs + col, cs, load);
            }
            if (paired < col1)
                for (int i = i0; i < i1; i++) narrow(a, ao + i * is, rs, r0, r1, b, bo, bs, paired, col1, c, co + i * cs, load);
        }
    }

    /**
     * The 6 x 4 register tile: the first {@code rows} (1 to 6) rows of c from c[co], cs apart, one
     * strip wide, over r in [r0, r1); b's strip from b[bo]. A short tile computes its missing rows
     * on row 0's operands and does not store them. Starts from c when {@code load}, else from 0.
     */
    private static void tile(float[] a, int ao, int is, int rs, int rows, int r0, int r1, float[] b, int bo, int bs,
                             float[] c, int co, int cs, boolean load) {
        int L = S.length();
        int x0 = ao, x1 = row(ao, is, 1, rows), x2 = row(ao, is, 2, rows), x3 = row(ao, is, 3, rows), x4 = row(ao, is, 4, rows), x5 = row(ao, is, 5, rows);
        int c0 = co, c1 = row(co, cs, 1, rows), c2 = row(co, cs, 2, rows), c3 = row(co, cs, 3, rows), c4 = row(co, cs, 4, rows), c5 = row(co, cs, 5, rows);
        FloatVector a00 = start(c, c0, load), a01 = start(c, c0 + L, load), a02 = start(c, c0 + 2 * L, load), a03 = start(c, c0 + 3 * L, load),
                a10 = start(c, c1, load), a11 = start(c, c1 + L, load), a12 = start(c, c1 + 2 * L, load), a13 = start(c, c1 + 3 * L, load),
                a20 = start(c, c2, load), a21 = start(c, c2 + L, load), a22 = start(c, c2 + 2 * L, load), a23 = start(c, c2 + 3 * L, load),
                a30 = start(c, c3, load), a31 = start(c, c3 + L, load), a32 = start(c, c3 + 2 * L, load), a33 = start(c, c3 + 3 * L, load),
                a40 = start(c, c4, load), a41 = start(c, c4 + L, load), a42 = start(c, c4 + 2 * L, load), a43 = start(c, c4 + 3 * L, load),
                a50 = start(c, c5, load), a51 = start(c, c5 + L, load), a52 = start(c, c5 + 2 * L, load), a53 = start(c, c5 + 3 * L, load);
        for (int r = r0, row = bo + r0 * bs, x = r0 * rs; r < r1; r++, row += bs, x += rs) {
            FloatVector v0 = FloatVector.fromArray(S, b, row), v1 = FloatVector.fromArray(S, b, row + L);
            FloatVector v2 = FloatVector.fromArray(S, b, row + 2 * L), v3 = FloatVector.fromArray(S, b, row + 3 * L);
            FloatVector s = FloatVector.broadcast(S, a[x0 + x]);
            a00 = v0.fma(s, a00); a01 = v1.fma(s, a01); a02 = v2.fma(s, a02); a03 = v3.fma(s, a03);
            s = FloatVector.broadcast(S, a[x1 + x]);
            a10 = v0.fma(s, a10); a11 = v1.fma(s, a11); a12 = v2.fma(s, a12); a13 = v3.fma(s, a13);
            s = FloatVector.broadcast(S, a[x2 + x]);
            a20 = v0.fma(s, a20); a21 = v1.fma(s, a21); a22 = v2.fma(s, a22); a23 = v3.fma(s, a23);
            s = FloatVector.broadcast(S, a[x3 + x]);
            a30 = v0.fma(s, a30); a31 = v1.fma(s, a31); a32 = v2.fma(s, a32); a33 = v3.fma(s, a33);
            s = FloatVector.broadcast(S, a[x4 + x]);
            a40 = v0.fma(s, a40); a41 = v1.fma(s, a41); a42 = v2.fma(s, a42); a43 = v3.fma(s, a43);
            s = FloatVector.broadcast(S, a[x5 + x]);
            a50 = v0.fma(s, a50); a51 = v1.fma(s, a51); a52 = v2.fma(s, a52); a53 = v3.fma(s, a53);
        }
        a00.intoArray(c, c0); a01.intoArray(c, c0 + L); a02.intoArray(c, c0 + 2 * L); a03.intoArray(c, c0 + 3 * L);
        if (rows > 1) { a10.intoArray(c, c1); a11.intoArray(c, c1 + L); a12.intoArray(c, c1 + 2 * L); a13.intoArray(c, c1 + 3 * L); }
        if (rows > 2) { a20.intoArray(c, c2); a21.intoArray(c, c2 + L); a22.intoArray(c, c2 + 2 * L); a23.intoArray(c, c2 + 3 * L); }
        if (rows > 3) { a30.intoArray(c, c3); a31.intoArray(c, c3 + L); a32.intoArray(c, c3 + 2 * L); a33.intoArray(c, c3 + 3 * L); }
        if (rows > 4) { a40.intoArray(c, c4); a41.intoArray(c, c4 + L); a42.intoArray(c, c4 + 2 * L); a43.intoArray(c, c4 + 3 * L); }
        if (rows > 5) { a50.intoArray(c, c5); a51.intoArray(c, c5 + L); a52.intoArray(c, c5 + 2 * L); a53.intoArray(c, c5 + 3 * L); }
    }

    /**
     * {@link #tile} two vectors wide: 12 accumulators, for an attention head's 32 columns (and
     * what a row leaves past its whole strips). Per r, 2 loads and 6 broadcasts feed 12 FMAs,
     * still enough to keep both FMA pipes busy.
     */
    private static void pair(float[] a, int ao, int is, int rs, int rows, int r0, int r1, float[] b, int bo, int bs,
                             float[] c, int co, int cs, boolean load) {
        int L = S.length();
        int x0 = ao, x1 = row(ao, is, 1, rows), x2 = row(ao, is, 2, rows), x3 = row(ao, is, 3, rows), x4 = row(ao, is, 4, rows), x5 = row(ao, is, 5, rows);
        int c0 = co, c1 = row(co, cs, 1, rows), c2 = row(co, cs, 2, rows), c3 = row(co, cs, 3, rows), c4 = row(co, cs, 4, rows), c5 = row(co, cs, 5, rows);
        FloatVector a00 = start(c, c0, load), a01 = start(c, c0 + L, load), a10 = start(c, c1, load), a11 = start(c, c1 + L, load),
                a20 = start(c, c2, load), a21 = start(c, c2 + L, load), a30 = start(c, c3, load), a31 = start(c, c3 + L, load),
                a40 = start(c, c4, load), a41 = start(c, c4 + L, load), a50 = start(c, c5, load), a51 = start(c, c5 + L, load);
        for (int r = r0, row = bo + r0 * bs, x = r0 * rs; r < r1; r++, row += bs, x += rs) {
            FloatVector v0 = FloatVector.fromArray(S, b, row), v1 = FloatVector.fromArray(S, b, row + L);
            FloatVector s = FloatVector.broadcast(S, a[x0 + x]);
            a00 = v0.fma(s, a00); a01 = v1.fma(s, a01);
            s = FloatVector.broadcast(S, a[x1 + x]);
            a10 = v0.fma(s, a10); a11 = v1.fma(s, a11);
            s = FloatVector.broadcast(S, a[x2 + x]);
            a20 = v0.fma(s, a20); a21 = v1.fma(s, a21);
            s = FloatVector.broadcast(S, a[x3 + x]);
            a30 = v0.fma(s, a30); a31 = v1.fma(s, a31);
            s = FloatVector.broadcast(S, a[x4 + x]);
            a40 = v0.fma(s, a40); a41 = v1.fma(s, a41);
            s = FloatVector.broadcast(S, a[x5 + x]);
            a50 = v0.fma(s, a50); a51 = v1.fma(s, a51);
        }
        a00.intoArray(c, c0); a01.intoArray(c, c0 + L);
        if (rows > 1) { a10.intoArray(c, c1); a11.intoArray(c, c1 + L); }
        if (rows > 2) { a20.intoArray(c, c2); a21.intoArray(c, c2 + L); }
        if (rows > 3) { a30.intoArray(c, c3); a31.intoArray(c, c3 + L); }
        if (rows > 4) { a40.intoArray(c, c4); a41.intoArray(c, c4 + L); }
        if (rows > 5) { a50.intoArray(c, c5); a51.intoArray(c, c5 + L); }
    }

    /** Where a tile's row i starts: base + i stride, or row 0's start for a row past the tile's rows. */
    private static int row(int base, int stride, int i, int rows) { return i < rows ? base + i * stride : base; }

    private static FloatVector start(float[] c, int i, boolean load) {
        return load ? FloatVector.fromArray(S, c, i) : FloatVector.zero(S);
    }

    /**
     * One row of c (from c[co]; b from b[bo]), columns [col0, col1), a vector at a time and then in
     * scalar: the columns past the last pair of vectors.
     */
    private static void narrow(float[] a, int ao, int rs, int r0, int r1, float[] b, int bo, int bs, int col0, int col1,
                               float[] c, int co, boolean load) {
        int j = col0;
        for (int upper = col0 + S.loopBound(col1 - col0); j < upper; j += S.length()) {
            FloatVector acc = start(c, co + j, load);
            for (int r = r0; r < r1; r++) acc = FloatVector.fromArray(S, b, bo + r * bs + j).fma(FloatVector.broadcast(S, a[ao + r * rs]), acc);
            acc.intoArray(c, co + j);
        }
        for (; j < col1; j++) {
            float acc = load ? c[co + j] : 0;
            for (int r = r0; r < r1; r++) acc += a[ao + r * rs] * b[bo + r * bs + j];
            c[co + j] = acc;
        }
    }
}
