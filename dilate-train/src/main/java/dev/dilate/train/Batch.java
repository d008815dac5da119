package dev.dilate.train;

/**
 * A masked batch: B sequences of up to L tokens with some answer positions replaced by the mask
 * id, and the loss terms at those positions. (The lengths and rows are checked where every
 * forward pass reads them, in the network's tape.)
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
        if (rows.length != targets.length || rows.length != weights.length) throw new IllegalArgumentException("rows, targets and weights differ in length");
    }

    /** Rows of the model's input, B x L. */
    public int positions() { return tokens.length; }
}
