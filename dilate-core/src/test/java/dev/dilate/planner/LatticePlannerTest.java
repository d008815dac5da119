package dev.dilate.planner;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static dev.dilate.planner.Preds.block;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatticePlannerTest {

    /** Runs a lattice planner over a block with a confidence per absolute position, returning each step's picks. */
    static int[][] run(Planner p, Block b, double[] confByPosition) {
        return run(p, b, step -> confByPosition);
    }

    /** As above with confidences that change from step to step, as a model's do when context is revealed. */
    static int[][] run(Planner p, Block b, java.util.function.IntFunction<double[]> confAtStep) {
        p.startBlock(b);
        int[][] steps = new int[16][];
        int n = 0;
        while (!b.done()) {
            int[] cand = p.candidates(b);
            double[] byPosition = confAtStep.apply(n);
            double[] conf = Arrays.stream(cand).mapToDouble(pos -> byPosition[pos]).toArray();
            int[] picks = p.select(b, Preds.of(cand, conf, new double[cand.length]));
            b.reveal(picks);
            steps[n++] = picks;
        }
        return Arrays.copyOf(steps, n);
    }

    @Test
    void dusRevealsItsLevelsOnePerCall() {
        double[] conf = new double[16];
        Arrays.fill(conf, 1);
        int[][] steps = run(Planners.create("dus", 16), block(0, 16), conf);
        assertArrayEquals(new int[][] {{0, 8}, {4, 12}, {2, 6, 10, 14}, {1, 3, 5, 7, 9, 11, 13, 15}}, steps);
    }

    @Test
    void candidatesAreOnlyTheCurrentLevel() {
        Planner dus = Planners.create("dus", 16);
        Block b = block(100, 16);
        dus.startBlock(b);
        assertArrayEquals(new int[] {100, 108}, dus.candidates(b), "the model's head runs on two positions only");
    }

    @Test
    void lowConfidencePositionsAreDeferredToTheNextLevelNotDropped() {
        double[][] conf = new double[3][8];
        for (double[] c : conf) Arrays.fill(c, 0.9);
        conf[0][4] = 0.1;   // planned for level 1 ({0, 4}): deferred to level 2, where it is confident
        conf[1][2] = 0.2;   // planned for level 2: deferred to level 3, the last
        conf[2][2] = 0.2;
        int[][] steps = run(Planners.create("dus:threshold=0.3", 8), block(0, 8), step -> conf[step]);
        assertArrayEquals(new int[] {0}, steps[0]);
        assertArrayEquals(new int[] {4, 6}, steps[1], "the deferred position is retried at the next level");
        assertArrayEquals(new int[] {1, 2, 3, 5, 7}, steps[2], "the last level reveals everything left, whatever the confidence");
    }

    @Test
    void aPositionStillBelowTheThresholdKeepsWaitingUntilTheLastLevel() {
        double[] conf = new double[8];
        Arrays.fill(conf, 0.9);
        conf[0] = 0.05;
        int[][] steps = run(Planners.create("dus:threshold=0.3", 8), block(0, 8), conf);
        assertArrayEquals(new int[] {4}, steps[0]);
        assertArrayEquals(new int[] {2, 6}, steps[1], "position 0 is retried here and deferred again");
        assertArrayEquals(new int[] {0, 1, 3, 5, 7}, steps[2]);
        int total = 0;
        for (int[] s : steps) total += s.length;
        assertTrue(total == 8, "every position is revealed exactly once");
    }

    @Test
    void levelsAlreadyKnownCostNoCall() {
        Planner dus = Planners.create("dus", 8);
        Block b = block(0, 8);
        b.markKnown(0);
        b.markKnown(4);
        dus.startBlock(b);
        assertArrayEquals(new int[] {2, 6}, dus.candidates(b));
    }

    @Test
    void binaryFollowsMidpoints() {
        double[] conf = new double[8];
        Arrays.fill(conf, 1);
        int[][] steps = run(Planners.create("binary", 8), block(0, 8), conf);
        assertArrayEquals(new int[][] {{3}, {1, 5}, {0, 2, 4, 6, 7}}, steps);
    }
}
