package dev.dilate.train;

import dev.dilate.model.ModelConfig;
import dev.dilate.tensor.Gemm;
import dev.dilate.tensor.Parallel;
import dev.dilate.tensor.RowCombination;
import dev.dilate.tensor.Rows;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Bidirectional attention of every sequence of a batch over itself, with grouped KV heads, and
 * its backward pass. With Qs = Q / sqrt(hd), S = Qs K^T, P = softmax(S) by rows and O = P V:
 * dV = P^T dO, dP = dO V^T, dS = P * (dP - rowsum(dP * P)), dQ = dS K / sqrt(hd), dK = dS^T Qs.
 * The queries may be any subset of each sequence's positions (the last block needs only the
 * head's rows); the keys and values are the first keys[b] positions of sequence b, so a batch's
 * shorter sequences end in padding that no position attends to (each trains as if alone).
 *
 * <p>Performance notes. The parallel jobs are (sequence, KV head) pairs, so the query heads that
 * share a KV head add their dK and dV into one place and no two workers write the same values.
 * Every product is one head's problem on {@link RowCombination#serial}, whose lanes run along the
 * rows of its streamed operand b and its output, which reads its coefficients a through any two
 * strides (a transposed a costs nothing), and which reads b and writes its output as a head's
 * columns of the batch's wider rows in place. So only a b whose rows must be columns of the
 * activations is copied, transposed (a vector's worth of gathered values at a time). The scores
 * are kept keys x queries, S^T = K Qs^T (b = Qs^T, the forward's one transpose), with the softmax
 * down columns (lanes along queries), in the saved probabilities themselves; then O = P V reads
 * P^T through strides. The backward's one transpose is dO^T, for dP^T = V dO^T; dQ = dS K,
 * dK = dS^T Qs and dV = P^T dO read dS^T and P^T through strides, with 1 / sqrt(hd) folded into
 * dS. (Keeping everything transposed so that every output row was L wide cost five L x hd or
 * L x L transposes per head, a third of the attention's time; copying each head's rows of Q, K,
 * V and dO in and of dQ, dK and dV out cost about a tenth.)
 */
final class SelfAttention {
    private SelfAttention() {}

    private static final int P = Gemm.PAD;
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /**
     * A (sequence, head)'s scores hold its n queries in width(n) columns, n rounded up to a pair of
     * vectors (32 on AVX-512), the padding zero queries: the products whose columns are queries
     * then run on RowCombination's whole-vector tiles. (The last block's 20-40 queries per
     * sequence, unpadded, went through its row-at-a-time tail and took twice the full attention.)
     */
    private static final int STEP = 2 * S.length();

    static int width(int n) { return (n + STEP - 1) / STEP * STEP; }

    /** Floats of saved probabilities for B sequences of L with H heads, whatever the queries. */
    static int probabilities(int B, int L, int H) { return B * H * L * (L + STEP - 1); }

    /** Where sequence b's head h's probabilities start: its sequence's n queries take at most n + STEP - 1 columns. */
    private static int probsAt(int b, int h, int[] from, int L, int H) {
        return L * (H * (from[b] + (STEP - 1) * b) + h * width(from[b + 1] - from[b]));
    }

    /** Per-worker transposed operands and dS^T, each starting at {@link Gemm#PAD} for aligned loads. */
    private static final class Scratch {
        float[] transposed = new float[0], dst = new float[0];

        void fit(int L, int hd) {
            if (transposed.length < P + width(L) * hd) transposed = new float[P + width(L) * hd];
            if (dst.length < P + L * width(L)) dst = new float[P + L * width(L)];
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** One (sequence, KV head) job. */
    @FunctionalInterface
    private interface KvJob { void run(Scratch s, int b, int kvh); }

    /** Runs job for every (sequence, KV head) pair on the compute pool. */
    private static void eachKvHead(int B, int L, ModelConfig c, KvJob job) {
        Parallel.forRange(B * c.kvHeads(), 1, (from, to) -> {
            Scratch s = SCRATCH.get();
            s.fit(L, c.headDim());
            for (int j = from; j < to; j++) job.run(s, j / c.kvHeads(), j % c.kvHeads());
        });
    }

    /**
     * out = attention of the query rows q over k, v (B sequences of L rows; RoPE applied). Sequence
     * b's queries are the packed rows [from[b], from[b + 1]) of q and out, any subset of its
     * positions (all of them: from[b] = b L); its keys are its first keys[b] rows. Each
     * (sequence, head)'s transposed probabilities P^T, keys[b] x width(n) for its n queries, are
     * saved to probs (of at least {@link #probabilities} floats).
     */
    static void forward(float[] q, int[] from, float[] k, float[] v, int[] keys, int B, int L, ModelConfig c, float[] probs, float[] out) {
        int hd = c.headDim(), H = c.heads(), group = H / c.kvHeads(), qd = c.qDim(), kvd = c.kvDim();
        float scale = (float) (1 / Math.sqrt(hd));
        eachKvHead(B, L, c, (s, b, kvh) -> {
            int kv = b * L * kvd + kvh * hd, n = from[b + 1] - from[b], w = width(n), m = keys[b];
            for (int h = kvh * group; h < (kvh + 1) * group; h++) {
                int qo = from[b] * qd + h * hd, po = probsAt(b, h, from, L, H);
                loadTransposed(q, qo, n, qd, hd, scale, s);
                RowCombination.serial(k, kv, kvd, 1, m, hd, s.transposed, P, w, w, probs, po, w, false);   // S^T = K Qs^T
                columnSoftmax(probs, po, m, w);
                RowCombination.serial(probs, po, 1, w, n, m, v, kv, kvd, hd, out, qo, qd, false);          // O = P V
            }
        });
    }

    /**
     * dq (at the query rows), dk, dv (overwritten; zero at the padding) from dOut (at the query
     * rows), given the forward's operands.
     */
    static void backward(float[] q, int[] from, float[] k, float[] v, int[] keys, float[] probs, float[] dOut, int B, int L, ModelConfig c,
                         float[] dq, float[] dk, float[] dv) {
        int hd = c.headDim(), H = c.heads(), group = H / c.kvHeads(), qd = c.qDim(), kvd = c.kvDim();
        float scale = (float) (1 / Math.sqrt(hd));
        eachKvHead(B, L, c, (s, b, kvh) -> {
            int kv = b * L * kvd + kvh * hd, n = from[b + 1] - from[b], w = width(n), m = keys[b];
            for (int h = kvh * group; h < (kvh + 1) * group; h++) {
                boolean first = h == kvh * group;
                int qo = from[b] * qd + h * hd, po = probsAt(b, h, from, L, H);
                loadTransposed(dOut, qo, n, qd, hd, 1, s);
                RowCombination.serial(v, kv, kvd, 1, m, hd, s.transposed, P, w, w, s.dst, P, w, false);     // dP^T = V dO^T
                columnSoftmaxBackward(probs, po, s.dst, m, w, scale);                                       // dS^T / sqrt(hd)
                RowCombination.serial(s.dst, P, 1, w, n, m, k, kv, kvd, hd, dq, qo, qd, false);             // dQ = dS K / sqrt(hd)
                RowCombination.serial(probs, po, w, 1, m, n, dOut, qo, qd, hd, dv, kv, kvd, !first);        // dV (+)= P^T dO
                RowCombination.serial(s.dst, P, w, 1, m, n, q, qo, qd, hd, dk, kv, kvd, !first);            // dK (+)= dS^T Qs
            }
            for (int r = m; r < L; r++) {   // the padding: no query reads it
                java.util.Arrays.fill(dk, kv + r * kvd, kv + r * kvd + hd, 0);
                java.util.Arrays.fill(dv, kv + r * kvd, kv + r * kvd + hd, 0);
            }
        });
    }

    /**
     * Softmax down every column of the L x n block of x from offset o (rows n apart, n a multiple
     * of the vector length): the columns are queries, so lanes run along them and every step is a
     * whole-row vector operation.
     */
    private static void columnSoftmax(float[] x, int o, int L, int n) {
        for (int j = 0; j < n; j += S.length()) {
            FloatVector max = FloatVector.fromArray(S, x, o + j);
            for (int r = 1; r < L; r++) max = max.max(FloatVector.fromArray(S, x, o + r * n + j));
            FloatVector sum = FloatVector.zero(S);
            for (int r = 0; r < L; r++) {
                FloatVector e = FloatVector.fromArray(S, x, o + r * n + j).sub(max).lanewise(VectorOperators.EXP);
                e.intoArray(x, o + r * n + j);
                sum = sum.add(e);
            }
            FloatVector inv = FloatVector.broadcast(S, 1f).div(sum);
            for (int r = 0; r < L; r++) FloatVector.fromArray(S, x, o + r * n + j).mul(inv).intoArray(x, o + r * n + j);
        }
    }

    /**
     * d (dP^T in from offset {@link #P}, dS^T times scale out) = scale p * (d - the column sums of
     * d * p), with p = P^T from offset po, both L x n (n a multiple of the vector length):
     * softmax's backward, by columns.
     */
    private static void columnSoftmaxBackward(float[] p, int po, float[] d, int L, int n, float scale) {
        for (int j = 0; j < n; j += S.length()) {
            FloatVector dot = FloatVector.zero(S);
            for (int r = 0; r < L; r++) dot = FloatVector.fromArray(S, d, P + r * n + j).fma(FloatVector.fromArray(S, p, po + r * n + j), dot);
            for (int r = 0; r < L; r++) {
                int o = r * n + j;
                FloatVector.fromArray(S, d, P + o).sub(dot).mul(FloatVector.fromArray(S, p, po + o)).mul(scale).intoArray(d, P + o);
            }
        }
    }

    /**
     * n rows of hd values from m[from], stride apart (a sequence's queries' columns of a head),
     * times scale, transposed into the worker's scratch from offset {@link #P}: hd rows of
     * width(n) values, zero past n.
     */
    private static void loadTransposed(float[] m, int from, int n, int stride, int hd, float scale, Scratch s) {
        int w = width(n);
        Rows.transpose(m, from, n, stride, hd, scale, s.transposed, P, w);
        for (int i = 0; i < hd; i++) java.util.Arrays.fill(s.transposed, P + i * w + n, P + (i + 1) * w, 0);
    }
}
