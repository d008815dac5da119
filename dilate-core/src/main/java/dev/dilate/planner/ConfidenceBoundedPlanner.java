package dev.dilate.planner;

/**
 * CB / Fast-dLLM threshold rule: reveal every masked position whose confidence is at least tau,
 * and always the most confident one.
 */
public final class ConfidenceBoundedPlanner implements Planner {
    private final double tau;

    /**
     * @param tau confidence at or above which a candidate is revealed
     * @throws IllegalArgumentException unless {@code tau} is in [0, 1]
     */
    public ConfidenceBoundedPlanner(double tau) {
        if (!(tau >= 0 && tau <= 1)) throw new IllegalArgumentException("cb tau must be in [0, 1], got " + tau);
        this.tau = tau;
    }

    @Override
    public int[] select(Block block, Predictions predictions) {
        Integer[] order = Ranking.rank(predictions, Ranking.CONFIDENCE, block);
        int k = 1;
        while (k < order.length && predictions.confidence(order[k]) >= tau) k++;
        return Ranking.positions(predictions, order, Math.min(k, order.length));
    }
}
