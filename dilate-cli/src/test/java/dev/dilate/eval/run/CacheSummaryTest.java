package dev.dilate.eval.run;

import dev.dilate.cli.Main;
import dev.dilate.eval.PromptStyle;
import dev.dilate.eval.report.Summary;
import dev.dilate.generate.CachePolicy;
import dev.dilate.model.RandomModels;
import dev.dilate.tensor.GGMLType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cache modes in results: their own rows, paired differences from none with a standard error, and a sweep over modes end to end. */
class CacheSummaryTest {
    @TempDir Path dir;

    private static ResultRecord record(String cache, String problem, double exact, long forwarded) {
        RunConfig c = new RunConfig("m", "t", "dus", 8, 16, PromptStyle.BASE, 0, 1, CachePolicy.parse(cache));
        return new ResultRecord(c.fields(), c.key(), problem, 0, "out", "x", Map.of("exact", exact), "exact", true, 4, 16, forwarded, 1.5,
                Map.of("stepAveraged", 3.0, "pairWeighted", 3.0, "isolated", 1.0), false, null);
    }

    @Test
    void aCachedRowIsPairedWithNoneByProblem() {
        // none: 1 1 0 0; dual: 1 0 0 1 on the same problems, plus one problem none never decoded.
        double[] none = {1, 1, 0, 0}, dual = {1, 0, 0, 1};
        List<ResultRecord> rs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            rs.add(record("none", "p" + i, none[i], 64));
            rs.add(record("dual", "p" + i, dual[i], 24));
        }
        rs.add(record("dual", "extra", 1, 24));
        List<Summary.Row> rows = Summary.of(rs).values().iterator().next();
        assertEquals(List.of("none", "dual"), rows.stream().map(Summary.Row::cache).toList());
        assertNull(rows.get(0).vsNone());
        Summary.Delta d = rows.get(1).vsNone();
        // differences 0, -1, 0, +1: mean 0, sample sd sqrt(2/3), standard error sqrt(2/3)/2
        assertEquals(4, d.pairs());
        assertEquals(0, d.mean(), 1e-12);
        assertEquals(Math.sqrt(2.0 / 3) / 2, d.stdError(), 1e-12);
        assertEquals(16, rows.get(0).forwarded(), 1e-12);
        assertEquals(6, rows.get(1).forwarded(), 1e-12);
        assertEquals("dus [dual]", rows.get(1).label());
        dev.dilate.eval.report.Table table = dev.dilate.eval.report.Report.mainTable(rows);
        int vsNone = table.header().indexOf("vs none (paired)"), nfe = table.header().indexOf("NFE");
        assertEquals("-", table.rows().get(0).get(vsNone));
        assertEquals(d.text(), table.rows().get(1).get(vsNone), "each cell under its own header");
        assertEquals(rows.get(1).nfe(), Double.parseDouble(table.rows().get(1).get(nfe)), 1e-9);
    }

    @Test
    void uncachedKeysStayAsTheyWereSoOldResultsResume() {
        RunConfig none = new RunConfig("m", "t", "dus", 8, 16, PromptStyle.BASE, 0, 1, CachePolicy.NONE);
        RunConfig dual = new RunConfig("m", "t", "dus", 8, 16, PromptStyle.BASE, 0, 1, CachePolicy.parse("dual"));
        assertEquals("{model=m, task=t, planner=dus, block=8, gen=16, style=base, temperature=0.0, seed=1}", none.key());
        assertEquals("none", none.fields().get("cache"));
        assertTrue(dual.key().endsWith("cache=dual}"), dual.key());
    }

    @Test
    void aSweepOverCacheModesReportsEachWithItsDifference() throws Exception {
        Path model = dir.resolve("tiny.gguf"), results = dir.resolve("r.jsonl"), report = dir.resolve("report");
        RandomModels.write(model, new RandomModels.Shape("llada", 64, 2, 4, 4, 96, 300, false), GGMLType.Q8_0, 4);
        assertEquals(0, Main.run("sweep", "--tasks", "add", "--models", model.toString(), "--planners", "dus", "--blocks", "8",
                "--gen", "16", "--style", "base", "--limit", "3", "--cache", "none,dual,delayed", "--out", results.toString()));
        assertEquals(0, Main.run("report", results.toString(), "--out", report.toString()));
        String md = Files.readString(report.resolve("report.md"));
        assertTrue(md.contains("| dus | 8 | dual |") && md.contains("| dus | 8 | delayed |") && md.contains("vs none (paired)"), md);
        assertEquals(9, Files.readAllLines(results).size());
    }
}
