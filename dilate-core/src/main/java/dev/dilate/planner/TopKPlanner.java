package dev.dilate.planner;

/**
 * Reveals the k best-scoring masked positions of the block, k from a {@link CountSchedule}:
 * LLaDA's confidence and random planners, Dream's margin and entropy, and token-by-token.
 */
public final class TopKPlanner implements Planner {
    private final Ranking score;
    private final CountSchedule schedule;
    private int maskedAtStart;

    /**
     * @param score    how candidates are ordered, best first
     * @param schedule how many of them each step reveals (clamped to the candidates there are)
     */
    public TopKPlanner(Ranking score, CountSchedule schedule) {
        this.score = score;
        this.schedule = schedule;
    }

    @Override
    public void startBlock(Block block) { maskedAtStart = block.maskedCount(); }

    @Override
    public int[] select(Block block, Predictions predictions) {
        int n = predictions.size();
        int k = Math.clamp(schedule.count(block.step(), maskedAtStart, n), 0, n);
        return Ranking.positions(predictions, Ranking.rank(predictions, score, block), k);
    }

    @Override
    public boolean selectsAtRandom() { return score == Ranking.RANDOM; }
}
