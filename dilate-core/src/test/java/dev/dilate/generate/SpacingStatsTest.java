package dev.dilate.generate;

import dev.dilate.planner.Levels;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SpacingStatsTest {

    static SpacingStats ofLevels(List<int[]> levels) {
        SpacingStats s = SpacingStats.EMPTY;
        for (int[] l : levels) s = s.plus(SpacingStats.ofStep(l));
        return s;
    }

    @Test
    void dusAtSixteenMatchesTheReferenceValues() {
        SpacingStats s = ofLevels(Levels.dilated(16, 2, 1));
        assertEquals(7.17, s.stepAveragedDistance(), 0.005);
        assertEquals(6.22, s.pairWeightedDistance(), 0.005);
        assertEquals(1.0, s.isolatedFraction());
    }

    @Test
    void otherBlockSizesFromTheSpec() {
        SpacingStats b32 = ofLevels(Levels.dilated(32, 2, 1));
        assertEquals(13.73, b32.stepAveragedDistance(), 0.005);
        assertEquals(11.59, b32.pairWeightedDistance(), 0.005);
        SpacingStats b64 = ofLevels(Levels.dilated(64, 2, 1));
        assertEquals(26.56, b64.stepAveragedDistance(), 0.005);
        assertEquals(22.28, b64.pairWeightedDistance(), 0.005);
        SpacingStats b12 = ofLevels(Levels.dilated(12, 2, 1));
        assertEquals(5.48, b12.stepAveragedDistance(), 0.005);
        assertEquals(4.53, b12.pairWeightedDistance(), 0.005);
        assertEquals(0.33, b12.isolatedFraction(), 0.005);
        SpacingStats b24 = ofLevels(Levels.dilated(24, 2, 1));
        assertEquals(10.62, b24.stepAveragedDistance(), 0.005);
        assertEquals(8.59, b24.pairWeightedDistance(), 0.005);
    }

    @Test
    void clusteredPicksAreNotIsolated() {
        SpacingStats run = SpacingStats.ofStep(new int[] {3, 4, 5, 9});
        assertEquals(0.25, run.isolatedFraction());
        assertEquals((1 + 2 + 6 + 1 + 5 + 4) / 6.0, run.pairWeightedDistance(), 1e-12);
        SpacingStats single = SpacingStats.ofStep(new int[] {7});
        assertEquals(1.0, single.isolatedFraction());
        assertEquals(Double.NaN, single.stepAveragedDistance());
    }
}
