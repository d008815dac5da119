package dev.dilate.train;

/**
 * A masked batch: B sequences of up to L tokens with some answer positions replaced by the mask
 * id, and the loss terms at those positions.
 *
 * @param lengths each sequence's own length; the positions after it are padding, which attention
 *                never reads and the loss never scores
 * @param tokens  the model's input, B x L ids, masked positions holding the mask id
 * @param rows    the masked positions, as indices into tokens
 * @param targets the original id at each masked position
 * @param weights each masked position's factor in the loss, sum over rows of weight x cross-entropy
 */
public record Batch(int sequences, int length, int[] lengths, int[] tokens, int[] rows, int[] targets, float[] weights) {
    public Batch {
        if (tokens.length != sequences * length) throw new IllegalArgumentException(tokens.length + " tokens for " + sequences + " x " + length);
        if (lengths.length != sequences) throw new IllegalArgumentException(lengths.length + " lengths for " + sequences + " sequences");
        for (int n : lengths) if (n < 1 || n > length) throw new IllegalArgumentException("a sequence of " + n + " tokens in a batch of length " + length);
        for (int r : rows) if (r % length >= lengths[r / length]) throw new IllegalArgumentException("row " + r + " is in a sequence's padding");
        if (rows.length != targets.length || rows.length != weights.length) throw new IllegalArgumentException("rows, targets and weights differ in length");
    }

    /** Rows of the model's input, B x L. */
    public int positions() { return tokens.length; }
}
