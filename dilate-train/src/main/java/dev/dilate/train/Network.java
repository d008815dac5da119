package dev.dilate.train;

import dev.dilate.model.ModelConfig;
import dev.dilate.model.Rope;
import dev.dilate.tensor.Dense;
import dev.dilate.tensor.Rows;

/**
 * The transformer inference runs, as a differentiable function of its {@link Parameters}: a
 * forward pass over B sequences of L tokens that saves its activations, the weighted
 * cross-entropy of the head at the chosen rows, and the backward pass that turns it into
 * gradients for every tensor. Sequences are independent (attention stays inside each, and never
 * reads a shorter one's padding), so the B L rows go through every linear layer as one product.
 *
 * <p>Only the head's rows (the masked positions, about 40% of a batch) are needed from the last
 * block: every row's keys and values feed its attention, but its queries, attention, output
 * projection, residual and feed-forward half run on the head's rows alone, forward and backward,
 * which saves about half of the last block's work and gives the same loss and gradients. At the
 * other end, the first block's norm and Q/K/V projections run once per vocabulary entry
 * ({@link TokenProjections}).
 */
public final class Network {
    private final ModelConfig config;
    private Tape tape;
    private Workspace work;
    private Rope rope;
    /** The first block's projections per token, when batches are large enough to gain (else null). */
    private TokenProjections table;

    public Network(ModelConfig config) { this.config = config; }

    /** The batch's loss (sum over its rows of weight x cross-entropy); grads are overwritten. */
    public double lossAndGradients(Parameters p, Batch batch, Parameters grads) {
        forward(p, batch.tokens(), batch.sequences(), batch.length(), batch.lengths(), batch.rows());
        int d = config.dim(), V = config.vocab(), M = batch.rows().length;
        Head head = head(p, M);
        double loss = 0;
        float[] dLogits = new float[M * V];
        for (int m = 0; m < M; m++) loss += crossEntropy(head.logits, m * V, V, batch.targets()[m], batch.weights()[m], dLogits);
        // The residual stream's gradient: the head adds into its first M rows (packed), which the
        // last block then spreads to all T. (A fresh 2 MB array each step cost 8-9 ms: G1 allocates
        // arrays of half a region or more outside the young generation; so does the head's input.)
        float[] dx = work.dx, dEmbedding = grads.embedding();
        java.util.Arrays.fill(dx, 0, M * d, 0);
        // Tied, the head's weight gradient overwrites it; untied, the first block's table may add to it.
        if (!p.tiedOutput()) java.util.Arrays.fill(dEmbedding, 0);
        backwardHead(p, head, dLogits, grads, dx);
        for (int i = config.layers() - 1; i >= 0; i--) backwardBlock(p, i, grads.layer(i), dx, last(i, batch.rows()), dEmbedding);
        Rows.scatterAdd(dx, tape.tokens, d, dEmbedding);
        return loss;
    }

    /** The batch's loss as {@link #lossAndGradients} computes it, without the backward pass (held-out evaluation). */
    public double loss(Parameters p, Batch batch) {
        forward(p, batch.tokens(), batch.sequences(), batch.length(), batch.lengths(), batch.rows());
        int V = config.vocab(), M = batch.rows().length;
        float[] logits = head(p, M).logits;
        double loss = 0;
        for (int m = 0; m < M; m++) loss += batch.weights()[m] * (logSumExp(logits, m * V, V) - logits[m * V + batch.targets()[m]]);
        return loss;
    }

    /** Logits (rows x vocab) at the given rows (ascending) of B sequences of L tokens: what inference computes. */
    public float[][] logits(Parameters p, int[] tokens, int B, int L, int[] rows) {
        int[] lengths = new int[B];
        java.util.Arrays.fill(lengths, L);
        return logits(p, tokens, B, L, lengths, rows);
    }

    /** The same for sequences of the given lengths (at most L), each followed by padding up to L. */
    public float[][] logits(Parameters p, int[] tokens, int B, int L, int[] lengths, int[] rows) {
        forward(p, tokens, B, L, lengths, rows);   // which checks the lengths and rows (Tape.rows)
        float[] flat = head(p, rows.length).logits;
        int V = config.vocab();
        float[][] out = new float[rows.length][];
        for (int r = 0; r < rows.length; r++) out[r] = java.util.Arrays.copyOfRange(flat, r * V, (r + 1) * V);
        return out;
    }

    /** The rows a block's queries and second half run on: the head's rows in the last block, else all (null). */
    private int[] last(int layer, int[] rows) { return layer == config.layers() - 1 ? rows : null; }

    /** Runs the blocks; tape.out then holds the last block's output at the head's rows, in their order. */
    private void forward(Parameters p, int[] tokens, int B, int L, int[] lengths, int[] rows) {
        if (tape == null || !tape.fits(B, L)) {
            tape = new Tape(config, B, L);
            work = new Workspace(config, B * L);
        }
        if (rope == null || rope.length() < L) rope = new Rope(L, config.headDim(), config.ropeTheta(), false);
        table = TokenProjections.pays(config, B * L) ? (table == null ? new TokenProjections(config) : table) : null;
        int d = config.dim();
        tape.tokens = tokens;
        tape.rows(lengths, rows);
        float[] x = tape.layers[0].x;
        for (int t = 0; t < tokens.length; t++) {
            if (tokens[t] < 0 || tokens[t] >= config.vocab()) throw new IllegalArgumentException("token " + tokens[t] + " is outside the vocabulary of " + config.vocab());
            System.arraycopy(p.embedding(), tokens[t] * d, x, t * d, d);
        }
        for (int i = 0; i < config.layers(); i++)
            forwardBlock(p, i, i + 1 < config.layers() ? tape.layers[i + 1].x : tape.out, last(i, rows));
    }

    /**
     * Block i from its input (tape.layers[i].x) into out, saving what the backward pass needs;
     * with rows (not null), its queries and everything after the attention only at those rows
     * (packed, in their order).
     */
    private void forwardBlock(Parameters p, int i, float[] out, int[] rows) {
        int B = tape.sequences, L = tape.length, T = B * L, d = config.dim(), qd = config.qDim(), kvd = config.kvDim(), f = config.ffn();
        int R = rows == null ? T : rows.length;
        Parameters.Layer w = p.layer(i);
        Tape.Layer s = tape.layers[i];
        if (i == 0 && table != null) table.forward(w, p.embedding(), tape.tokens, s.q, s.k, s.v);
        else {
            RmsNorm.forward(s.x, w.attentionNorm(), config.eps(), T, d, s.h1, s.inv1);
            Dense.forward(w.wq(), qd, d, rows == null ? s.h1 : Rows.gather(s.h1, rows, d, tape.h1Rows), R, s.q);
            Dense.forward(w.wk(), kvd, d, s.h1, T, s.k);
            Dense.forward(w.wv(), kvd, d, s.h1, T, s.v);
        }
        rope.apply(s.q, R, rows == null ? tape.positions : tape.rowPositions, config.heads());
        rope.apply(s.k, T, tape.positions, config.kvHeads());
        SelfAttention.forward(s.q, rows == null ? tape.allQueries : tape.rowQueries, s.k, s.v, tape.keys, B, L, config, s.probs, s.att);
        Dense.forward(w.wo(), d, qd, s.att, R, s.mid);
        Rows.add(s.mid, rows == null ? s.x : Rows.gather(s.x, rows, d, work.packed), R * d);
        RmsNorm.forward(s.mid, w.ffnNorm(), config.eps(), R, d, s.h2, s.inv2);
        Dense.forward(w.gate(), f, d, s.h2, R, s.gate);
        Dense.forward(w.up(), f, d, s.h2, R, s.up);
        SwiGlu.forward(s.gate, s.up, s.act, R * f);
        Dense.forward(w.down(), d, f, s.act, R, out);
        Rows.add(out, s.mid, R * d);
    }

    /**
     * Turns the gradient at the block's output (dx) into the one at its input, in place (each
     * residual adds its branch's gradient to it), and writes block i's weight gradients. With
     * rows (the forward's), dx comes packed at those rows and leaves as all T rows. The first
     * block's table adds its attention branch's gradient to dEmbedding instead of dx.
     */
    private void backwardBlock(Parameters p, int i, Parameters.Layer g, float[] dx, int[] rows, float[] dEmbedding) {
        int B = tape.sequences, L = tape.length, T = B * L, d = config.dim(), qd = config.qDim(), kvd = config.kvDim(), f = config.ffn();
        int R = rows == null ? T : rows.length;
        Parameters.Layer w = p.layer(i);
        Tape.Layer s = tape.layers[i];
        float[] dAct = work.dAct, dGate = work.dGate, dUp = work.dUp, dh = work.dh;
        float[] dAtt = work.dAtt, dq = work.dq, dk = work.dk, dv = work.dv;
        Dense.inputGradient(w.down(), d, f, dx, R, dAct, false);
        Dense.weightGradient(dx, d, s.act, f, R, g.down());
        SwiGlu.backward(s.gate, s.up, dAct, dGate, dUp, R * f);
        Dense.weightGradient(dGate, f, s.h2, d, R, g.gate());
        Dense.weightGradient(dUp, f, s.h2, d, R, g.up());
        Dense.inputGradient(w.gate(), f, d, dGate, R, dh, false);
        Dense.inputGradient(w.up(), f, d, dUp, R, dh, true);
        RmsNorm.backward(s.mid, s.inv2, w.ffnNorm(), dh, R, d, dx, g.ffnNorm());   // dx is now the gradient at mid

        Dense.inputGradient(w.wo(), d, qd, dx, R, dAtt, false);
        Dense.weightGradient(dx, d, s.att, qd, R, g.wo());
        if (rows != null) {   // from here on the residual's gradient is at all T rows
            System.arraycopy(dx, 0, work.packed, 0, R * d);
            Rows.scatter(work.packed, rows, d, dx, T);
        }
        SelfAttention.backward(s.q, rows == null ? tape.allQueries : tape.rowQueries, s.k, s.v, tape.keys, s.probs, dAtt, B, L, config, dq, dk, dv);
        rope.applyInverse(dq, R, rows == null ? tape.positions : tape.rowPositions, config.heads());
        rope.applyInverse(dk, T, tape.positions, config.kvHeads());
        if (i == 0 && table != null) {
            table.backward(w, g, p.embedding(), tape.tokens, dq, dk, dv, dEmbedding);
            return;
        }
        Dense.weightGradient(dq, qd, rows == null ? s.h1 : tape.h1Rows, d, R, g.wq());
        Dense.weightGradient(dk, kvd, s.h1, d, T, g.wk());
        Dense.weightGradient(dv, kvd, s.h1, d, T, g.wv());
        if (rows == null) Dense.inputGradient(w.wq(), qd, d, dq, T, dh, false);
        else {
            Dense.inputGradient(w.wq(), qd, d, dq, R, work.packed, false);
            Rows.scatter(work.packed, rows, d, dh, T);
        }
        Dense.inputGradient(w.wk(), kvd, d, dk, T, dh, true);
        Dense.inputGradient(w.wv(), kvd, d, dv, T, dh, true);
        RmsNorm.backward(s.x, s.inv1, w.attentionNorm(), dh, T, d, dx, g.attentionNorm());
    }

    /** The final norm and head at some rows, with what their backward pass needs (h is the workspace's). */
    private record Head(float[] h, float[] inv, float[] logits) {}

    /** The final norm and head at the first M rows of tape.out (the head's rows, packed). */
    private Head head(Parameters p, int M) {
        int d = config.dim(), V = config.vocab();
        float[] h = work.headIn, inv = new float[M], logits = new float[M * V];
        RmsNorm.forward(tape.out, p.outputNorm(), config.eps(), M, d, h, inv);
        Dense.forward(p.output(), V, d, h, M, logits);
        return new Head(h, inv, logits);
    }

    /** Adds the head's gradient at its rows, packed, into dx's first M rows (zero on entry); writes the head's and final norm's gradients. */
    private void backwardHead(Parameters p, Head head, float[] dLogits, Parameters grads, float[] dx) {
        int d = config.dim(), M = head.inv.length, V = config.vocab();
        Dense.weightGradient(dLogits, V, head.h, d, M, grads.output());
        float[] dh = work.dh;
        Dense.inputGradient(p.output(), V, d, dLogits, M, dh, false);
        RmsNorm.backward(tape.out, head.inv, p.outputNorm(), dh, M, d, dx, grads.outputNorm());
    }

    /**
     * weight x (logsumexp - logit of the target) for one row, in double; writes its gradient
     * weight x (softmax - one-hot) into dLogits.
     */
    private static double crossEntropy(float[] logits, int o, int V, int target, float weight, float[] dLogits) {
        double lse = logSumExp(logits, o, V);
        for (int v = 0; v < V; v++) dLogits[o + v] = (float) (weight * (Math.exp(logits[o + v] - lse) - (v == target ? 1 : 0)));
        return weight * (lse - logits[o + target]);
    }

    /** log sum exp x[o..o+n), in double, the maximum taken out for range. */
    private static double logSumExp(float[] x, int o, int n) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (int v = 0; v < n; v++) max = Math.max(max, x[o + v]);
        for (int v = 0; v < n; v++) sum += Math.exp(x[o + v] - max);
        return max + Math.log(sum);
    }
}
