package dev.dilate.planner;

import java.util.ArrayList;
import java.util.List;

/** Dream's "origin": every masked position is revealed independently with probability 1 - s/t. */
public final class OriginPlanner implements Planner {
    private final CountSchedule.Dream schedule;

    /** @param schedule gives each step's reveal probability 1 - s/t ({@link CountSchedule.Dream#transferProbability}) */
    public OriginPlanner(CountSchedule.Dream schedule) { this.schedule = schedule; }

    @Override
    public int[] select(Block block, Predictions predictions) {
        double p = schedule.transferProbability(block.step());
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < predictions.size(); i++) {
            if (block.rng().nextDouble() < p) out.add(predictions.position(i));
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public boolean selectsAtRandom() { return true; }
}
