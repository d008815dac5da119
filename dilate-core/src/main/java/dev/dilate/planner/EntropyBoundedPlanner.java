package dev.dilate.planner;

/**
 * EB-sampler (Ben-Hamu et al. 2025): sort the masked positions by entropy, ascending, and reveal
 * the longest prefix whose entropy sum minus its largest entropy stays within gamma bits
 * (always at least one position).
 */
public final class EntropyBoundedPlanner implements Planner {
    private final double gammaBits;

    /**
     * @param gammaBits entropy budget gamma, in bits
     * @throws IllegalArgumentException if {@code gammaBits} is negative or NaN
     */
    public EntropyBoundedPlanner(double gammaBits) {
        if (!(gammaBits >= 0)) throw new IllegalArgumentException("eb gamma must be >= 0 bits, got " + gammaBits);
        this.gammaBits = gammaBits;
    }

    @Override
    public int[] select(Block block, Predictions predictions) {
        Integer[] order = Ranking.rank(predictions, Ranking.NEG_ENTROPY, block);
        double sum = 0, max = 0;
        int k = 0;
        for (Integer i : order) {
            double h = predictions.entropyBits(i);
            sum += h;
            max = Math.max(max, h);
            if (sum - max > gammaBits) break;
            k++;
        }
        return Ranking.positions(predictions, order, Math.max(1, k));
    }
}
