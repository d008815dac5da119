package dev.dilate.planner;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static dev.dilate.planner.Preds.block;
import static dev.dilate.planner.Preds.range;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each planner's picks on hand-made distributions over a block of 8 at canvas offset 10. */
class PlannerSelectionTest {
    static final int[] POS = range(10, 18);
    static final double[] CONF = {0.30, 0.95, 0.50, 0.91, 0.10, 0.60, 0.99, 0.40};
    static final double[] H = {2.0, 0.2, 1.0, 0.5, 3.0, 0.8, 0.1, 1.5};

    static int[] select(String spec, double[] conf, double[] h) {
        Planner p = Planners.create(spec, 8);
        Block b = block(10, 8);
        p.startBlock(b);
        return p.select(b, Preds.of(p.candidates(b), conf, h));
    }

    @Test
    void confidenceTakesTopKUniformCountsAtMatchedNfe() {
        // B=8: DUS needs 3 calls, so confidence splits 8 as 3, 3, 2 by default.
        assertArrayEquals(new int[] {16, 11, 13}, select("confidence", CONF, H));
        assertArrayEquals(new int[] {16, 11}, select("confidence:steps=4", CONF, H));
        assertArrayEquals(new int[] {16}, select("confidence:steps=8", CONF, H));
        assertArrayEquals(new int[] {16, 11}, select("confidence:schedule=dilated", CONF, H));
    }

    @Test
    void uniformScheduleCountsFollowLlada() {
        CountSchedule.Uniform u = new CountSchedule.Uniform(3);
        assertEquals(List.of(3, 3, 2), List.of(u.count(0, 8, 8), u.count(1, 8, 5), u.count(2, 8, 2)));
        assertEquals(7, new CountSchedule.Uniform(5).count(4, 32, 7), "the last planned step takes what is left");
        CountSchedule.Uniform thirtyTwo = new CountSchedule.Uniform(5);
        assertEquals(List.of(7, 7, 6, 6), List.of(thirtyTwo.count(0, 32, 32), thirtyTwo.count(1, 32, 25), thirtyTwo.count(2, 32, 18), thirtyTwo.count(3, 32, 12)));
    }

    @Test
    void dreamScheduleAndOrigin() {
        CountSchedule.Dream d = new CountSchedule.Dream(4, 1e-3);
        // t = linspace(1, eps, 5): first step reveals floor(8 (1 - s/t)) with t=1, s=0.75025.
        assertEquals(1, d.count(0, 8, 8));
        assertEquals(Math.floor(8 * (1 - 0.75025)), d.count(0, 8, 8));
        assertEquals(1.0, d.transferProbability(3));
        assertEquals(5, d.count(3, 8, 5));
        Planner origin = Planners.create("origin:steps=1", 8);
        Block b = block(10, 8);
        origin.startBlock(b);
        assertEquals(8, origin.select(b, Preds.of(POS, CONF, H)).length, "a single step reveals everything");
        assertTrue(origin.selectsAtRandom());
    }

    @Test
    void marginAndEntropyRankByTheirScores() {
        double[] top1 = {0.5, 0.5, 0.9, 0.4, 0.6, 0.5, 0.5, 0.5};
        double[] top2 = {0.4, 0.1, 0.05, 0.39, 0.1, 0.45, 0.2, 0.3};
        Planner m = Planners.create("margin", 8);
        Block b = block(10, 8);
        m.startBlock(b);
        assertArrayEquals(new int[] {12, 14, 11}, m.select(b, Preds.withTop2(POS, top1, top2)));
        assertArrayEquals(new int[] {16, 11, 13}, select("entropy", CONF, H));
    }

    @Test
    void randomIsSeededAndTakesTheScheduledCount() {
        int[] first = select("random", CONF, H), again = select("random", CONF, H);
        assertArrayEquals(first, again);
        assertEquals(3, first.length);
    }

    @Test
    void tokenByTokenRevealsOnePosition() {
        assertArrayEquals(new int[] {16}, select("tbt", CONF, H));
    }

    @Test
    void entropyBoundedTakesThePrefixWithinGamma() {
        // sorted entropies 0.1, 0.2, 0.5, 0.8, 1.0 ...: sums minus max 0, 0.1, 0.3, 0.8, 1.6
        assertArrayEquals(new int[] {16, 11, 13, 15}, select("eb:gamma=1", CONF, H));
        assertArrayEquals(new int[] {16, 11, 13}, select("eb:gamma=0.31", CONF, H));
        assertArrayEquals(new int[] {16}, select("eb:gamma=0", CONF, H), "gamma 0: one token");
        double[] zero = new double[8];
        assertEquals(8, select("eb:gamma=0", CONF, zero).length, "zero-entropy positions all pass the bound");
        assertEquals(8, select("eb:gamma=100", CONF, H).length);
    }

    @Test
    void confidenceBoundedKeepsTheArgmaxAndEverythingAboveTau() {
        assertArrayEquals(new int[] {16, 11, 13}, select("cb:tau=0.9", CONF, H));
        assertArrayEquals(new int[] {16}, select("cb:tau=1", CONF, H), "nothing reaches tau: the argmax alone");
        assertEquals(8, select("cb:tau=0", CONF, H).length);
        assertArrayEquals(new int[] {16, 11, 13, 15, 12}, select("cb", CONF, H), "default tau 0.5 includes ties at 0.5");
    }

    @Test
    void llada2ThresholdTakesEverythingAboveTauAndAtLeastTheScheduledMinimum() {
        assertArrayEquals(new int[] {16}, select("threshold", CONF, H), "default tau 0.95 is strict: 0.95 itself stays masked");
        assertArrayEquals(new int[] {16, 11, 13}, select("threshold:tau=0.9", CONF, H));
        assertArrayEquals(new int[] {16}, select("threshold:tau=1", CONF, H), "nothing above tau: the minimum, one a step with steps = B");
        assertArrayEquals(new int[] {16, 11, 13, 15}, select("threshold:tau=1,steps=2", CONF, H), "B/steps = 4 at least");
        // steps = 3 on B = 8: minimums 3, 3, 2 for the block's steps 0, 1, 2.
        Planner p = Planners.create("threshold:tau=1,steps=3", 8);
        Block b = block(10, 8);
        p.startBlock(b);
        int[] first = p.select(b, Preds.of(range(10, 18), CONF, H));
        assertEquals(3, first.length);
        b.reveal(first);
        b.reveal(new int[0]);
        int[] left = b.masked();
        double[] conf = java.util.Arrays.copyOf(CONF, left.length);
        assertEquals(2, p.select(b, Preds.of(left, conf, java.util.Arrays.copyOf(H, left.length))).length, "step 2's minimum");
        assertThrows(IllegalArgumentException.class, () -> Planners.create("threshold:steps=0", 8));
    }

    @Test
    void factorRuleStopsAtTheFirstFailure() {
        // f=1: thresholds for r=1,2,3: 1-1/3=0.667, 0.75, 0.8 -> 0.95 ok, 0.91 ok, 0.60 fails.
        assertArrayEquals(new int[] {16, 11, 13}, select("factor:f=1", CONF, H));
        assertArrayEquals(new int[] {16}, select("factor:f=0.01", CONF, H));
    }

    @Test
    void hierarchyTakesTheBestOfEveryMaskedRun() {
        Planner p = Planners.create("hierarchy:threshold=0.97,low=0.4", 8);
        Block b = block(10, 8);
        // positions 10,11 | 13,14 | 16,17 are masked runs (12 and 15 known)
        b.markKnown(12);
        b.markKnown(15);
        p.startBlock(b);
        int[] cand = p.candidates(b);
        assertArrayEquals(new int[] {10, 11, 13, 14, 16, 17}, cand);
        double[] conf = {0.45, 0.35, 0.2, 0.3, 0.5, 0.98};
        int[] picks = p.select(b, Preds.of(cand, conf, new double[6]));
        // 17 is the top-1 and above threshold; run {10,11} gives 10 (0.45 > 0.4); run {13,14} best 0.3 < low.
        assertArrayEquals(new int[] {17, 10}, picks);
    }

    @Test
    void spacingFilterAcceptsGreedilyAtTheAdaptiveGap() {
        // cb:tau=0 proposes all 8, best first: 16, 11, 13, 15, 12, 17, 10, 14.
        // Adaptive gap with g0=8: max(2, 8*8/8) = 8 -> only the first survives in a block of 8.
        assertArrayEquals(new int[] {16}, select("cb:tau=0+spaced:g0=8", CONF, H));
        // g0=4: gap 4 -> 16, then 11 (|11-16|=5), 13 too close to 16 (3) ... 12 too close to 11.
        assertArrayEquals(new int[] {16, 11}, select("cb:tau=0+spaced:g0=4", CONF, H));
        // fixed gap 2: no two adjacent picks.
        int[] gap2 = select("cb:tau=0+spaced:gap=2", CONF, H);
        assertArrayEquals(new int[] {16, 11, 13}, Arrays.copyOf(gap2, 3));
        for (int i = 0; i < gap2.length; i++) for (int j = i + 1; j < gap2.length; j++) assertTrue(Math.abs(gap2[i] - gap2[j]) >= 2);
        // g0=0 turns it off.
        assertEquals(8, select("cb:tau=0+spaced:g0=0", CONF, H).length);
    }

    @Test
    void adaptiveGapShrinksAsTheBlockFillsButNeverBelowTwo() {
        SpacingFilter f = SpacingFilter.adaptive(new ConfidenceBoundedPlanner(0), 8);
        Block b = block(0, 32);
        assertEquals(8, f.gap(b));
        b.reveal(range(0, 8));
        assertEquals(6, f.gap(b));
        b.reveal(range(8, 16));
        assertEquals(4, f.gap(b));
        b.reveal(range(16, 24));
        assertEquals(2, f.gap(b));
        b.reveal(range(24, 30));
        assertEquals(2, f.gap(b));
    }
}
