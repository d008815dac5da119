package dev.dilate.oracle;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OracleExperimentTest {
    static final OracleExperiment.Settings SETTINGS = new OracleExperiment.Settings(32, 4, 6, 3);

    @Test
    void tokenByTokenSamplesTheSourceExactly() {
        OracleExperiment.Source src = new OracleExperiment.Source("t", MarkovSources.random(2, 4, 0.3, 1), 0.3);
        OracleRow row = new OracleExperiment().run(src, 16, "tbt", SETTINGS);
        assertEquals(32, row.nfe());
        assertEquals(0, row.gapBitsPerToken(), 1e-12);
        assertEquals(0, row.klBitsPerToken(), 1e-5, "one token per call from exact conditionals is exact sampling");
        assertFalse(row.klBound());
    }

    @Test
    void dusOnAnOrderOneChainIsExactAndPaysOnlyOnItsCoarseLevels() {
        OracleExperiment.Source src = new OracleExperiment.Source("t", MarkovSources.random(1, 4, 0.2, 2), 0.2);
        OracleRow dus = new OracleExperiment().run(src, 16, "dus", SETTINGS);
        assertTrue(dus.gapExact());
        assertEquals(8, dus.nfe());
        assertEquals(7.17, dus.stepAveragedDistance(), 0.005);
        assertEquals(1.0, dus.isolatedFraction());
        assertTrue(dus.gapBitsPerToken() >= 0);
        OracleRow conf = new OracleExperiment().run(src, 16, "confidence", SETTINGS);
        assertEquals(8, conf.nfe(), "confidence runs at DUS's NFE by default");
        assertTrue(conf.gapBitsPerToken() > dus.gapBitsPerToken(),
                "on a slowly mixing chain clustered picks are more dependent: " + conf.gapBitsPerToken() + " vs " + dus.gapBitsPerToken());
    }

    @Test
    void randomPlannersAreMarkedAsBounds() {
        OracleExperiment.Source src = new OracleExperiment.Source("t", MarkovSources.random(1, 3, 0.5, 3), 0.5);
        assertTrue(new OracleExperiment().run(src, 8, "random", SETTINGS).klBound());
        assertTrue(new OracleExperiment().run(src, 8, "origin", SETTINGS).klBound());
    }

    @Test
    void sweepCoversEveryCell() {
        OracleExperiment.Source src = new OracleExperiment.Source("t", MarkovSources.random(1, 3, 0.5, 3), 0.5);
        List<OracleRow> rows = new OracleExperiment().sweep(List.of(src), List.of(8, 16), List.of("dus", "cb"), SETTINGS, r -> {});
        assertEquals(4, rows.size());
        assertEquals(List.of(8, 8, 16, 16), rows.stream().map(OracleRow::block).toList());
    }
}
