package dev.dilate.planner;

import java.util.List;

/** How many positions a top-k planner reveals on each step of a block. */
public sealed interface CountSchedule {

    /**
     * Positions to reveal on this step.
     *
     * @param step          calls already spent on the block
     * @param maskedAtStart masked positions when the block began
     * @param maskedNow     masked positions now
     */
    int count(int step, int maskedAtStart, int maskedNow);

    /** Steps the schedule plans per block (past them a planner reveals all that is left). */
    int steps();

    /** LLaDA's uniform split: n/steps per step, the first n mod steps steps one more. */
    record Uniform(int steps) implements CountSchedule {
        /** @throws IllegalArgumentException if {@code steps} is below 1 */
        public Uniform {
            if (steps < 1) throw new IllegalArgumentException("steps per block must be at least 1, got " + steps);
        }
        public int count(int step, int maskedAtStart, int maskedNow) {
            // The last planned step takes whatever is left, so a block always finishes on time.
            if (step >= steps - 1) return maskedNow;
            return maskedAtStart / steps + (step < maskedAtStart % steps ? 1 : 0);
        }
    }

    /** Dream's schedule: floor(#masked (1 - s/t)) on ts = linspace(1, eps, steps+1), everything on the last step. */
    record Dream(int steps, double eps) implements CountSchedule {
        /** @throws IllegalArgumentException if {@code steps} is below 1 or {@code eps} is not in (0, 1) */
        public Dream {
            if (steps < 1) throw new IllegalArgumentException("steps per block must be at least 1, got " + steps);
            if (!(eps > 0 && eps < 1)) throw new IllegalArgumentException("eps must be in (0, 1), got " + eps);
        }
        /** Probability that a masked position is revealed on this step (Dream's origin uses it directly). */
        public double transferProbability(int step) {
            if (step >= steps - 1) return 1.0;
            double t = 1 + (eps - 1) * step / steps;
            double s = 1 + (eps - 1) * (step + 1) / steps;
            return 1 - s / t;
        }
        public int count(int step, int maskedAtStart, int maskedNow) {
            return (int) Math.floor(maskedNow * transferProbability(step));
        }
    }

    /** The sizes of DUS's levels, LLaDA-confidence "with increasing k" (the paper's ablation). */
    record Dilated(List<int[]> levels) implements CountSchedule {
        public int steps() { return levels.size(); }
        public int count(int step, int maskedAtStart, int maskedNow) {
            return step < levels.size() - 1 ? levels.get(step).length : maskedNow;
        }
    }

    /** Exactly one position per call: token-by-token decoding. */
    record One() implements CountSchedule {
        public int steps() { return Integer.MAX_VALUE; }
        public int count(int step, int maskedAtStart, int maskedNow) { return 1; }
    }
}
