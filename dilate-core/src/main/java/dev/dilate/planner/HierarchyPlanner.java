package dev.dilate.planner;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * dInfer's hierarchy decoder: split the block's masked positions into contiguous runs and reveal
 * the most confident position of each run if it beats {@code low}; also every position above
 * {@code threshold}, and always the single most confident one. Forces spacing without a lattice.
 */
public final class HierarchyPlanner implements Planner {
    private final double threshold;
    private final double low;

    /**
     * @param threshold confidence above which a position is always revealed
     * @param low       confidence a run's most confident position must exceed to be revealed
     * @throws IllegalArgumentException unless both are in [0, 1]
     */
    public HierarchyPlanner(double threshold, double low) {
        if (!(threshold >= 0 && threshold <= 1)) throw new IllegalArgumentException("hierarchy threshold must be in [0, 1], got " + threshold);
        if (!(low >= 0 && low <= 1)) throw new IllegalArgumentException("hierarchy low threshold must be in [0, 1], got " + low);
        this.threshold = threshold;
        this.low = low;
    }

    @Override
    public int[] select(Block block, Predictions predictions) {
        Integer[] order = Ranking.rank(predictions, Ranking.CONFIDENCE, block);
        Set<Integer> picks = new LinkedHashSet<>();
        picks.add(order[0]);
        for (Integer i : order) if (predictions.confidence(i) > threshold) picks.add(i);
        // Candidates arrive in ascending position order; a gap in positions ends a run.
        int bestInRun = -1;
        for (int i = 0; i < predictions.size(); i++) {
            boolean newRun = i > 0 && predictions.position(i) != predictions.position(i - 1) + 1;
            if (newRun) { keepIfConfident(predictions, bestInRun, picks); bestInRun = -1; }
            if (bestInRun < 0 || predictions.confidence(i) > predictions.confidence(bestInRun)) bestInRun = i;
        }
        keepIfConfident(predictions, bestInRun, picks);
        // Best first, as the contract asks.
        return java.util.Arrays.stream(order).filter(picks::contains).mapToInt(predictions::position).toArray();
    }

    private void keepIfConfident(Predictions p, int i, Set<Integer> picks) {
        if (i >= 0 && p.confidence(i) > low) picks.add(i);
    }
}
