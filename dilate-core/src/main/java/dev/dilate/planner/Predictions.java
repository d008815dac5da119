package dev.dilate.planner;

/**
 * The denoiser's predictions for the candidate positions of one step, summarised the way
 * planners rank them. Index {@code i} refers to {@code position(i)}; entropies are in bits.
 *
 * <p>{@code token} is the token that would be written if the position is revealed now and
 * {@code confidence} its probability under the clean (temperature-1) distribution, as LLaDA
 * and Fast-dLLM define it. {@code top1}/{@code top2} are the two largest probabilities.
 */
public final class Predictions {
    private final int[] positions;
    private final int[] tokens;
    private final double[] confidence;
    private final double[] top1;
    private final double[] top2;
    private final double[] entropyBits;

    /**
     * The arrays are indexed alike, one entry per candidate, and kept, not copied.
     *
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public Predictions(int[] positions, int[] tokens, double[] confidence,
                       double[] top1, double[] top2, double[] entropyBits) {
        int n = positions.length;
        if (tokens.length != n || confidence.length != n || top1.length != n || top2.length != n || entropyBits.length != n)
            throw new IllegalArgumentException("prediction arrays differ in length");
        this.positions = positions;
        this.tokens = tokens;
        this.confidence = confidence;
        this.top1 = top1;
        this.top2 = top2;
        this.entropyBits = entropyBits;
    }

    /** Number of candidates. */
    public int size() { return positions.length; }
    /** Canvas position of candidate {@code i}. */
    public int position(int i) { return positions[i]; }
    /** The token revealing candidate {@code i} now would write. */
    public int token(int i) { return tokens[i]; }
    /** LLaDA's p(x0): the probability of {@code token(i)}, or 0 for one of the config's {@code noConfidenceTokens}. */
    public double confidence(int i) { return confidence[i]; }
    /** Largest probability at candidate {@code i}. */
    public double top1(int i) { return top1[i]; }
    /** Second-largest probability at candidate {@code i}. */
    public double top2(int i) { return top2[i]; }
    /** p1 - p2: Dream's topk_margin score. */
    public double margin(int i) { return top1[i] - top2[i]; }
    /** Entropy of the predictive distribution at candidate {@code i}, in bits. */
    public double entropyBits(int i) { return entropyBits[i]; }

    /** Index of a position among the candidates, or -1. */
    public int indexOf(int position) {
        for (int i = 0; i < positions.length; i++) if (positions[i] == position) return i;
        return -1;
    }
}
