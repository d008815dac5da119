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
 * along rows of L = 64 values: the head dimension (32) is never the vector or reduction axis,
 * where a dot-product kernel spent more time reducing lanes than multiplying (hd is two vectors).
 * That is why everything is kept transposed, keys x queries: S^T = K Qs^T, softmax down columns
 * (lanes along queries), O^T = V^T P^T, and in the backward dP^T = V dO^T, dQ^T = K^T dS^T,
 * dK^T = Qs^T dS, dV^T = dO^T P; only P and dS are transposed back (two L x L copies per head).
 */
final class SelfAttention {
    private SelfAttention() {}

    private static final int P = Gemm.PAD;
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** Per-worker operands, each starting at {@link Gemm#PAD} for aligned loads. */
    private static final class Scratch {
        float[] k = new float[0], v, qt, doutT, y, dkt, dvt, pt = new float[0], p, dst, ds;

        void fit(int L, int hd) {
            int vec = P + L * hd, sq = P + L * L;
            if (k.length < vec) {
                k = new float[vec]; v = new float[vec]; qt = new float[vec]; doutT = new float[vec];
                y = new float[vec]; dkt = new float[vec]; dvt = new float[vec];
            }
            if (pt.length < sq) { pt = new float[sq]; p = new float[sq]; dst = new float[sq]; ds = new float[sq]; }
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
                loadRows(k, b, L, c.kvDim(), kvh * hd, hd, s.k);
                loadRows(v, b, L, c.kvDim(), kvh * hd, hd, s.v);
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
                loadTransposed(q, b, L, c.qDim(), h * hd, hd, scale, s.qt);
                RowCombination.serial(s.k, P, hd, 1, L, hd, s.qt, P, L, s.pt, P, false);   // S^T = K Qs^T
                columnSoftmax(s.pt, L);
                System.arraycopy(s.pt, P, probs, (b * H + h) * L * L, L * L);
                RowCombination.serial(s.v, P, 1, hd, hd, L, s.pt, P, L, s.y, P, false);    // O^T = V^T P^T
                storeTransposed(s.y, b, L, c.qDim(), h * hd, hd, 1, out);
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
                loadTransposed(q, b, L, c.qDim(), h * hd, hd, scale, s.qt);
                loadTransposed(dOut, b, L, c.qDim(), h * hd, hd, 1, s.doutT);
                System.arraycopy(probs, (b * H + h) * L * L, s.pt, P, L * L);
                RowCombination.serial(s.v, P, hd, 1, L, hd, s.doutT, P, L, s.dst, P, false);    // dP^T = V dO^T
                columnSoftmaxBackward(s.pt, s.dst, L);                                           // dS^T
                RowCombination.serial(s.k, P, 1, hd, hd, L, s.dst, P, L, s.y, P, false);         // dQ^T = K^T dS^T
                storeTransposed(s.y, b, L, c.qDim(), h * hd, hd, scale, dq);
                transpose(s.pt, P, L, L, L, 1, s.p, P, L);
                transpose(s.dst, P, L, L, L, 1, s.ds, P, L);
                RowCombination.serial(s.doutT, P, L, 1, hd, L, s.p, P, L, s.dvt, P, !first);    // dV^T (+)= dO^T P
                RowCombination.serial(s.qt, P, L, 1, hd, L, s.ds, P, L, s.dkt, P, !first);      // dK^T (+)= Qs^T dS
            }
            storeTransposed(s.dkt, b, L, c.kvDim(), kvh * hd, hd, 1, dk);
            storeTransposed(s.dvt, b, L, c.kvDim(), kvh * hd, hd, 1, dv);
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

    /** Sequence b's columns [col, col + hd) of a (B L x width) matrix, as rows (L x hd) from offset {@link #P}. */
    private static void loadRows(float[] m, int b, int L, int width, int col, int hd, float[] rows) {
        for (int t = 0; t < L; t++) System.arraycopy(m, (b * L + t) * width + col, rows, P + t * hd, hd);
    }

    /** Sequence b's columns [col, col + hd) of a (B L x width) matrix, times scale, transposed (hd x L) from offset {@link #P}. */
    private static void loadTransposed(float[] m, int b, int L, int width, int col, int hd, float scale, float[] cols) {
        transpose(m, b * L * width + col, width, L, hd, scale, cols, P, L);
    }

    /** The transpose of cols (hd x L, from offset P), times scale, into sequence b's columns [col, col + hd) of out. */
    private static void storeTransposed(float[] cols, int b, int L, int width, int col, int hd, float scale, float[] out) {
        transpose(cols, P, L, hd, L, scale, out, b * L * width + col, width);
    }

    /**
     * to[tf + c ts + r] = from[ff + r fs + c] scale for r < rows, c < cols: a strided transpose.
     * Sixteen values of a column are gathered at a time (one vgatherdps on AVX-512, about twice
     * as fast as scalar moves here) and stored as one contiguous vector.
     */
    private static void transpose(float[] from, int ff, int fs, int rows, int cols, float scale, float[] to, int tf, int ts) {
        int vectors = S.loopBound(rows), r = 0;
        if (vectors > 0) {
            int[] index = new int[S.length()];
            for (int j = 0; j < index.length; j++) index[j] = j * fs;
            for (; r < vectors; r += S.length())
                for (int c = 0; c < cols; c++)
                    FloatVector.fromArray(S, from, ff + r * fs + c, index, 0).mul(scale).intoArray(to, tf + c * ts + r);
        }
        for (; r < rows; r++) for (int c = 0; c < cols; c++) to[tf + c * ts + r] = from[ff + r * fs + c] * scale;
    }
}
