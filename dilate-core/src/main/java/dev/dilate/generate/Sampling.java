package dev.dilate.generate;

/**
 * How a revealed position's token is chosen: argmax when temperature is 0, otherwise a draw from
 * softmax(logits / T) restricted to the top-k tokens and then the top-p nucleus.
 *
 * @param topK 0 for no top-k limit
 * @param topP 1 for no nucleus limit
 * @param seed every random choice of a decode flows from it
 */
public record Sampling(double temperature, double topP, int topK, long seed) {
    /** Argmax decoding, seed 0. */
    public static final Sampling GREEDY = new Sampling(0, 1, 0, 0);

    /**
     * @throws IllegalArgumentException if the temperature is negative, infinite or NaN, {@code topP} is
     *         not in (0, 1], or {@code topK} is negative
     */
    public Sampling {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
        if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
        if (topK < 0) throw new IllegalArgumentException("top-k must be >= 0, got " + topK);
    }

    /** True at temperature 0: every token is the argmax, and top-k and top-p play no part. */
    public boolean greedy() { return temperature == 0; }

    /** Sampling at temperature 1 from the full distribution: draws follow the model exactly. */
    public static Sampling exact(long seed) { return new Sampling(1, 1, 0, seed); }
}
