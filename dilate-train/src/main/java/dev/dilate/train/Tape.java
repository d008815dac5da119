package dev.dilate.train;

import dev.dilate.model.ModelConfig;

/**
 * The activations a forward pass saves for the backward pass, for one batch shape (B sequences
 * of L), reused from step to step: about (5 d + 2 qDim + 2 kvDim + 3 ffn) floats per row and
 * layer, plus the attention probabilities: B H L x (L + 31) floats on AVX-512, room for each
 * sequence's queries rounded up to a pair of vectors ({@link SelfAttention#probabilities}).
 */
final class Tape {
    /** One block's saved values; x is its input, mid the residual between attention and feed-forward. */
    static final class Layer {
        final float[] x, inv1, h1, q, k, v, probs, att, mid, inv2, h2, gate, up, act;

        Layer(ModelConfig c, int B, int L) {
            int T = B * L, d = c.dim(), f = c.ffn();
            x = new float[T * d]; inv1 = new float[T]; h1 = new float[T * d];
            q = new float[T * c.qDim()]; k = new float[T * c.kvDim()]; v = new float[T * c.kvDim()];
            probs = new float[SelfAttention.probabilities(B, L, c.heads())]; att = new float[T * c.qDim()];
            mid = new float[T * d]; inv2 = new float[T]; h2 = new float[T * d];
            gate = new float[T * f]; up = new float[T * f]; act = new float[T * f];
        }
    }

    final int sequences, length;
    final Layer[] layers;
    /** The residual stream after the last block, at the head's rows (packed). */
    final float[] out;
    /** The last block's normed input at the head's rows (packed), for its query projection's gradient. */
    final float[] h1Rows;
    /** Each row's position within its sequence, for RoPE, and the same at the head's rows. */
    final int[] positions, rowPositions;
    /** Where each sequence's queries start among all rows (b L) and among the head's rows, with the end last. */
    final int[] allQueries, rowQueries;
    int[] tokens;
    /** Each sequence's own length: its attention's keys; the rows past it are padding. */
    int[] keys;

    Tape(ModelConfig c, int B, int L) {
        sequences = B;
        length = L;
        layers = new Layer[c.layers()];
        for (int i = 0; i < layers.length; i++) layers[i] = new Layer(c, B, L);
        out = new float[B * L * c.dim()];
        h1Rows = new float[B * L * c.dim()];
        positions = new int[B * L];
        rowPositions = new int[B * L];
        for (int r = 0; r < positions.length; r++) positions[r] = r % L;
        allQueries = new int[B + 1];
        rowQueries = new int[B + 1];
        for (int b = 0; b <= B; b++) allQueries[b] = b * L;
    }

    /**
     * Sets the sequences' lengths, and rowPositions and rowQueries for the head's rows, which
     * ascend (so each sequence's are contiguous) and lie inside the sequences.
     */
    void rows(int[] lengths, int[] rows) {
        if (lengths.length != sequences) throw new IllegalArgumentException(lengths.length + " lengths for " + sequences + " sequences");
        for (int n : lengths) if (n < 1 || n > length) throw new IllegalArgumentException("a sequence of " + n + " tokens in rows of " + length);
        keys = lengths;
        java.util.Arrays.fill(rowQueries, 0);
        for (int r = 0; r < rows.length; r++) {
            if (rows[r] < 0 || rows[r] >= sequences * length || rows[r] % length >= lengths[rows[r] / length])
                throw new IllegalArgumentException("row " + rows[r] + " is outside the sequences' " + sequences * length + " positions");
            if (r > 0 && rows[r] <= rows[r - 1]) throw new IllegalArgumentException("rows must ascend: " + rows[r - 1] + " then " + rows[r]);
            rowPositions[r] = rows[r] % length;
            rowQueries[rows[r] / length + 1]++;
        }
        for (int b = 0; b < sequences; b++) rowQueries[b + 1] += rowQueries[b];
    }

    boolean fits(int B, int L) { return sequences == B && length == L; }
}
