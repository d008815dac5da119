package dev.dilate.generate;

/**
 * How far apart co-decoded positions are (planners.md §1.6). Over steps that reveal two or more
 * positions: the mean pairwise distance per step averaged over steps, and over all pairs
 * together; and the fraction of picks with neither neighbour revealed in the same step.
 */
public record SpacingStats(double stepAveragedDistance, double pairWeightedDistance, double isolatedFraction,
                           long pairs, long distanceSum, int multiSteps, double distanceMeanSum,
                           long picks, long isolatedPicks) {

    /** No steps: zero counts and NaN averages, where sums with {@link #plus} start. */
    public static final SpacingStats EMPTY = new SpacingStats(Double.NaN, Double.NaN, Double.NaN, 0, 0, 0, 0, 0, 0);

    /** The statistics over every step of one decode. */
    public static SpacingStats of(Trace trace) {
        SpacingStats s = EMPTY;
        for (Trace.Step step : trace.steps()) s = s.plus(ofStep(step.positions()));
        return s;
    }

    static SpacingStats ofStep(int[] positions) {
        int n = positions.length;
        long pairs = (long) n * (n - 1) / 2, sum = 0, isolated = 0;
        java.util.Set<Integer> same = new java.util.HashSet<>();
        for (int p : positions) same.add(p);
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) sum += Math.abs(positions[i] - positions[j]);
            if (!same.contains(positions[i] - 1) && !same.contains(positions[i] + 1)) isolated++;
        }
        int multi = n >= 2 ? 1 : 0;
        double mean = n >= 2 ? (double) sum / pairs : 0;
        return build(pairs, sum, multi, mean, n, isolated);
    }

    /** Pools the counts of two sets of steps (for example two decodes). */
    public SpacingStats plus(SpacingStats o) {
        return build(pairs + o.pairs, distanceSum + o.distanceSum, multiSteps + o.multiSteps,
                distanceMeanSum + o.distanceMeanSum, picks + o.picks, isolatedPicks + o.isolatedPicks);
    }

    private static SpacingStats build(long pairs, long sum, int multi, double meanSum, long picks, long isolated) {
        return new SpacingStats(multi == 0 ? Double.NaN : meanSum / multi, pairs == 0 ? Double.NaN : (double) sum / pairs,
                picks == 0 ? Double.NaN : (double) isolated / picks, pairs, sum, multi, meanSum, picks, isolated);
    }
}
