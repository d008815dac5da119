package dev.dilate.planner;

/**
 * Fast-dLLM's factor rule: with confidences sorted c_0 >= c_1 >= ..., rank r >= 1 is accepted
 * while c_r >= 1 - f/(r+2); the top position always is. Reveals the accepted prefix.
 */
public final class FactorPlanner implements Planner {
    private final double factor;

    /**
     * @param factor f in the acceptance bound 1 - f/(r+2)
     * @throws IllegalArgumentException unless {@code factor} is positive
     */
    public FactorPlanner(double factor) {
        if (!(factor > 0)) throw new IllegalArgumentException("factor f must be > 0, got " + factor);
        this.factor = factor;
    }

    @Override
    public int[] select(Block block, Predictions predictions) {
        Integer[] order = Ranking.rank(predictions, Ranking.CONFIDENCE, block);
        int r = 1;
        while (r < order.length && predictions.confidence(order[r]) >= 1 - factor / (r + 2)) r++;
        return Ranking.positions(predictions, order, Math.min(r, order.length));
    }
}
