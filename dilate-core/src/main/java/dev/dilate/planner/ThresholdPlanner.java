package dev.dilate.planner;

/**
 * LLaDA 2.0's decoding rule: reveal every masked position whose confidence is above tau, and at
 * least the step's scheduled minimum, B/steps (the first B mod steps steps one more), by
 * confidence. The minimum follows the block size B even in a block whose prompt fills part of it,
 * as the official loop's schedule does; with steps = B it is one position a step.
 */
public final class ThresholdPlanner implements Planner {
    private final double tau;
    private final int steps;

    /**
     * @param tau   confidence above which a candidate is revealed
     * @param steps the schedule's steps per block: its minimum is B/steps a step
     * @throws IllegalArgumentException unless {@code tau} is in [0, 1] and {@code steps} is at least 1
     */
    public ThresholdPlanner(double tau, int steps) {
        if (!(tau >= 0 && tau <= 1)) throw new IllegalArgumentException("threshold tau must be in [0, 1], got " + tau);
        if (steps < 1) throw new IllegalArgumentException("threshold steps must be at least 1, got " + steps);
        this.tau = tau;
        this.steps = steps;
    }

    @Override
    public int[] select(Block block, Predictions predictions) {
        Integer[] order = Ranking.rank(predictions, Ranking.CONFIDENCE, block);
        int s = block.step(), B = block.size();
        int minimum = s < steps ? B / steps + (s < B % steps ? 1 : 0) : 1;
        int k = 0;
        while (k < order.length && predictions.confidence(order[k]) > tau) k++;
        return Ranking.positions(predictions, order, Math.min(Math.max(k, minimum), order.length));
    }
}
