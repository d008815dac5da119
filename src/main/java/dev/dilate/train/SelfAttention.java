package dev.dilate.train;

import dev.dilate.model.ModelConfig;
import dev.dilate.tensor.Gemm;
import dev.dilate.tensor.Parallel;
import dev.dilate.tensor.RowCombination;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Bidirectional attention of every sequence of a batch over itself, with grouped KV heads, and
 * its backward pass. With Qs = Q / sqrt(hd), S = Qs K^T, P = softmax(S) by rows and O = P V:
 * dV = P^T dO, dP = dO V^T, dS = P * (dP - rowsum(dP * P)), dQ = dS K / sqrt(hd), dK = dS^T Qs.
 *
 * <p>Performance notes. The parallel jobs are (sequence, KV head) pairs, so the query heads that
 * share a KV head add their dK and dV into one worker's buffer and no two workers write the same
 * values. Every product is one head's problem on {@link RowCombination#serial}, whose lanes run
 * along the rows of its streamed operand b and its output, and which reads its coefficients a
 * through any two strides, so a transposed a costs nothing; only a b whose rows must be columns
 * of the activations is transposed (a vector's worth of gathered values at a time). The scores are kept keys
 * x queries, S^T = K Qs^T (b = Qs^T, the forward's one transpose), with the softmax down columns
 * (lanes along queries); then O = P V reads P^T through strides. The backward's one transpose is
 * dO^T, for dP^T = V dO^T; dQ = dS K, dK = dS^T Qs and dV = P^T dO read dS^T and P^T through
 * strides. (Keeping everything transposed so that every output row was L wide cost five L x hd
 * or L x L transposes per head, a third of the attention's time.)
 */
final class SelfAttention {
    private SelfAttention() {}

    private static final int P = Gemm.PAD;
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** Per-worker operands, each starting at {@link Gemm#PAD} for aligned loads. */
    private static final class Scratch {
        float[] k = new float[0], v, qt, qs, dout, doutT, y, dk, dv, pt = new float[0], dst;

        void fit(int L, int hd) {
            int vec = P + L * hd, sq = P + L * L;
            if (k.length < vec) {
                k = new float[vec]; v = new float[vec]; qt = new float[vec]; qs = new float[vec];
                dout = new float[vec]; doutT = new float[vec]; y = new float[vec]; dk = new float[vec]; dv = new float[vec];
            }
            if (pt.length < sq) { pt = new float[sq]; dst = new float[sq]; }
        }

        private int[] gather;
        private int gatherWidth = -1;

        /** Gather offsets j width for the lanes j of a vector: one column of rows width apart. */
        int[] rowsApart(int width) {
            if (width != gatherWidth) {
                gather = new int[S.length()];
                for (int j = 0; j < gather.length; j++) gather[j] = j * width;
                gatherWidth = width;
            }
            return gather;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** One (sequence, KV head) job, its K and V already loaded into the worker's scratch. */
    @FunctionalInterface
    private interface KvJob { void run(Scratch s, int b, int kvh); }

    /** Runs job for every (sequence, KV head) pair on the compute pool, loading that head's K and V first. */
    private static void eachKvHead(float[] k, float[] v, int B, int L, ModelConfig c, KvJob job) {
        int hd = c.headDim();
        Parallel.forRange(B * c.kvHeads(), 1, (from, to) -> {
            Scratch s = SCRATCH.get();
            s.fit(L, hd);
            for (int j = from; j < to; j++) {
                int b = j / c.kvHeads(), kvh = j % c.kvHeads();
                loadRows(k, b, L, c.kvDim(), kvh * hd, hd, 1, s.k);
                loadRows(v, b, L, c.kvDim(), kvh * hd, hd, 1, s.v);
                job.run(s, b, kvh);
            }
        });
    }

    /**
     * out (B L x qDim) = attention of q over k, v (rows of B sequences of L, RoPE applied); the
     * transposed probabilities P^T are saved to probs, (sequence, head) blocks of L keys x L queries.
     */
    static void forward(float[] q, float[] k, float[] v, int B, int L, ModelConfig c, float[] probs, float[] out) {
        int hd = c.headDim(), H = c.heads(), group = H / c.kvHeads();
        float scale = (float) (1 / Math.sqrt(hd));
        eachKvHead(k, v, B, L, c, (s, b, kvh) -> {
            for (int h = kvh * group; h < (kvh + 1) * group; h++) {
                loadTransposed(q, b, L, c.qDim(), h * hd, hd, scale, s, s.qt);
                RowCombination.serial(s.k, P, hd, 1, L, hd, s.qt, P, L, s.pt, P, false);   // S^T = K Qs^T
                columnSoftmax(s.pt, L);
                System.arraycopy(s.pt, P, probs, (b * H + h) * L * L, L * L);
                RowCombination.serial(s.pt, P, 1, L, L, L, s.v, P, hd, s.y, P, false);     // O = P V
                storeRows(s.y, b, L, c.qDim(), h * hd, hd, 1, out);
            }
        });
    }

    /** dq, dk, dv (overwritten) from dOut, given the forward's q, k, v and probabilities. */
    static void backward(float[] q, float[] k, float[] v, float[] probs, float[] dOut, int B, int L, ModelConfig c,
                         float[] dq, float[] dk, float[] dv) {
        int hd = c.headDim(), H = c.heads(), group = H / c.kvHeads();
        float scale = (float) (1 / Math.sqrt(hd));
        eachKvHead(k, v, B, L, c, (s, b, kvh) -> {
            for (int h = kvh * group; h < (kvh + 1) * group; h++) {
                boolean first = h == kvh * group;
                loadRows(q, b, L, c.qDim(), h * hd, hd, scale, s.qs);
                loadRows(dOut, b, L, c.qDim(), h * hd, hd, 1, s.dout);
                loadTransposed(dOut, b, L, c.qDim(), h * hd, hd, 1, s, s.doutT);
                System.arraycopy(probs, (b * H + h) * L * L, s.pt, P, L * L);
                RowCombination.serial(s.v, P, hd, 1, L, hd, s.doutT, P, L, s.dst, P, false);   // dP^T = V dO^T
                columnSoftmaxBackward(s.pt, s.dst, L);                                          // dS^T
                RowCombination.serial(s.dst, P, 1, L, L, L, s.k, P, hd, s.y, P, false);         // dQ = dS K
                storeRows(s.y, b, L, c.qDim(), h * hd, hd, scale, dq);
                RowCombination.serial(s.pt, P, L, 1, L, L, s.dout, P, hd, s.dv, P, !first);     // dV (+)= P^T dO
                RowCombination.serial(s.dst, P, L, 1, L, L, s.qs, P, hd, s.dk, P, !first);      // dK (+)= dS^T Qs
            }
            storeRows(s.dk, b, L, c.kvDim(), kvh * hd, hd, 1, dk);
            storeRows(s.dv, b, L, c.kvDim(), kvh * hd, hd, 1, dv);
        });
    }

    /**
     * Softmax down every column of the L x L block x (from offset P): the columns are queries, so
     * lanes run along them and every step is a whole-row vector operation.
     */
    private static void columnSoftmax(float[] x, int L) {
        int vectors = S.loopBound(L);
        for (int j = 0; j < vectors; j += S.length()) {
            FloatVector max = FloatVector.fromArray(S, x, P + j);
            for (int r = 1; r < L; r++) max = max.max(FloatVector.fromArray(S, x, P + r * L + j));
            FloatVector sum = FloatVector.zero(S);
            for (int r = 0; r < L; r++) {
                FloatVector e = FloatVector.fromArray(S, x, P + r * L + j).sub(max).lanewise(VectorOperators.EXP);
                e.intoArray(x, P + r * L + j);
                sum = sum.add(e);
            }
            FloatVector inv = FloatVector.broadcast(S, 1f).div(sum);
            for (int r = 0; r < L; r++) FloatVector.fromArray(S, x, P + r * L + j).mul(inv).intoArray(x, P + r * L + j);
        }
        for (int j = vectors; j < L; j++) {
            float max = Float.NEGATIVE_INFINITY, sum = 0;
            for (int r = 0; r < L; r++) max = Math.max(max, x[P + r * L + j]);
            for (int r = 0; r < L; r++) sum += x[P + r * L + j] = (float) Math.exp(x[P + r * L + j] - max);
            for (int r = 0; r < L; r++) x[P + r * L + j] /= sum;
        }
    }

    /** d (dP^T in, dS^T out) = p * (d - the column sums of d * p), with p = P^T: softmax's backward, by columns. */
    private static void columnSoftmaxBackward(float[] p, float[] d, int L) {
        int vectors = S.loopBound(L);
        for (int j = 0; j < vectors; j += S.length()) {
            FloatVector dot = FloatVector.zero(S);
            for (int r = 0; r < L; r++) dot = FloatVector.fromArray(S, d, P + r * L + j).fma(FloatVector.fromArray(S, p, P + r * L + j), dot);
            for (int r = 0; r < L; r++) {
                int o = P + r * L + j;
                FloatVector.fromArray(S, d, o).sub(dot).mul(FloatVector.fromArray(S, p, o)).intoArray(d, o);
            }
        }
        for (int j = vectors; j < L; j++) {
            float dot = 0;
            for (int r = 0; r < L; r++) dot += d[P + r * L + j] * p[P + r * L + j];
            for (int r = 0; r < L; r++) d[P + r * L + j] = p[P + r * L + j] * (d[P + r * L + j] - dot);
        }
    }

    /** Sequence b's columns [col, col + hd) of a (B L x width) matrix, times scale, as rows (L x hd) from offset {@link #P}. */
    private static void loadRows(float[] m, int b, int L, int width, int col, int hd, float scale, float[] rows) {
        for (int t = 0; t < L; t++) scaled(m, (b * L + t) * width + col, rows, P + t * hd, hd, scale);
    }

    /** Rows (L x hd, from offset {@link #P}), times scale, into sequence b's columns [col, col + hd) of out. */
    private static void storeRows(float[] rows, int b, int L, int width, int col, int hd, float scale, float[] out) {
        for (int t = 0; t < L; t++) scaled(rows, P + t * hd, out, (b * L + t) * width + col, hd, scale);
    }

    private static void scaled(float[] from, int ff, float[] to, int tf, int n, float scale) {
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += S.length())
            FloatVector.fromArray(S, from, ff + i).mul(scale).intoArray(to, tf + i);
        for (; i < n; i++) to[tf + i] = from[ff + i] * scale;
    }

    /**
     * Sequence b's columns [col, col + hd) of a (B L x width) matrix, times scale, transposed
     * (hd x L) from offset {@link #P}. A vector's worth of a column (16 values on AVX-512) is
     * gathered at a time, one vgatherdps with the worker's offsets j width, about twice as fast
     * as scalar moves here, and stored as one contiguous vector.
     */
    private static void loadTransposed(float[] m, int b, int L, int width, int col, int hd, float scale, Scratch s, float[] cols) {
        int from = b * L * width + col, vectors = S.loopBound(L), t = 0;
        int[] index = s.rowsApart(width);
        for (; t < vectors; t += S.length())
            for (int i = 0; i < hd; i++)
                FloatVector.fromArray(S, m, from + t * width + i, index, 0).mul(scale).intoArray(cols, P + i * L + t);
        for (; t < L; t++) for (int i = 0; i < hd; i++) cols[P + i * L + t] = m[from + t * width + i] * scale;
    }
}
