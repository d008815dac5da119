package dev.dilate.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.dilate.model.RandomModels;
import dev.dilate.planner.Planners;
import dev.dilate.tensor.GGMLType;
import dev.dilate.tensor.Gemm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** generate and bench on GGUF models written by the tests. */
class ModelCliTest {
    @TempDir static Path dir;
    static Path model;

    @BeforeAll
    static void writeModel() {
        model = dir.resolve("tiny-dream.gguf");
        RandomModels.write(model, new RandomModels.Shape("dream", 64, 2, 4, 2, 96, 200, false), GGMLType.Q8_0, 5);
    }

    @Test
    void everyPlannerDecodesARealModel() {
        for (Planners.Kind kind : Planners.all()) {
            String spec = kind.name().equals("eb") ? "eb:gamma=2+spaced" : kind.name();
            CliTest.Result r = CliTest.run("generate", "-m", model.toString(), "--prompt-ids", "5,6,7", "--planner", spec,
                    "--block", "32", "--gen", "64", "--json");
            assertEquals(0, r.code(), spec + ": " + r.err());
            JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
            assertEquals(64, o.getAsJsonArray("tokens").size(), spec);
            assertTrue(o.get("nfe").getAsInt() >= 2, spec);
        }
    }

    /** Every cache mode decodes a model from the command line and says what its calls recomputed; a Markov source has no cache. */
    @Test
    void cacheModesAreChosenOnTheCommandLine() {
        long none = 0;
        for (String cache : new String[] {"none", "prefix", "dual", "delayed"}) {
            CliTest.Result r = CliTest.run("generate", "-m", model.toString(), "--prompt-ids", "5,6,7", "--block", "8", "--gen", "32",
                    "--cache", cache, "--json");
            assertEquals(0, r.code(), cache + ": " + r.err());
            JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
            assertEquals(cache, o.get("cache").getAsString());
            long forwarded = o.get("forwarded").getAsLong();
            if (cache.equals("none")) none = forwarded;
            else assertTrue(forwarded < none, cache + " recomputed " + forwarded + " positions, none " + none);
        }
        CliTest.Result source = CliTest.run("generate", "--source", "builtin", "--cache", "dual");
        assertEquals(2, source.code());
        assertTrue(source.err().contains("keeps none"), source.err());
        CliTest.Result bad = CliTest.run("generate", "-m", model.toString(), "--prompt-ids", "5", "--cache", "dual:refresh=0");
        assertTrue(bad.err().contains("refresh must be at least 1"), bad.err());
    }

    @Test
    void badModelInputIsNamed() {
        CliTest.Result missing = CliTest.run("generate", "-m", dir.resolve("nope.gguf").toString(), "--prompt-ids", "1");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("nope.gguf"), missing.err());
        CliTest.Result noPrompt = CliTest.run("generate", "-m", model.toString());
        assertEquals(2, noPrompt.code());
        assertTrue(noPrompt.err().contains("--prompt-ids"), noPrompt.err());
        CliTest.Result outside = CliTest.run("generate", "-m", model.toString(), "--prompt-ids", "1,999");
        assertEquals(2, outside.code());
        assertTrue(outside.err().contains("999"), outside.err());
    }

    @Test
    void benchReportsEveryColumn() throws Exception {
        CliTest.Result r = CliTest.run("bench", "--sizes", "tiny", "--types", "Q8_0", "--canvas", "32", "--prompt", "8",
                "--block", "8", "--repeats", "1", "--dir", dir.resolve("bench").toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject row = JsonParser.parseString(r.out()).getAsJsonArray().get(0).getAsJsonObject();
        assertEquals(40, row.get("positions").getAsInt());
        assertTrue(row.get("secondsPerNfe").getAsDouble() > 0);
        assertTrue(row.get("projectionGflops").getAsDouble() > 0);
        assertTrue(Files.exists(dir.resolve("bench/llada-tiny-q8_0.gguf")));
    }

    @Test
    void benchTimesEachTileShapeInOneRun() throws Exception {
        try {
            CliTest.Result r = CliTest.run("bench", "--sizes", "tiny", "--types", "F16", "--canvas", "32", "--prompt", "8",
                    "--block", "8", "--repeats", "1", "--dir", dir.resolve("bench").toString(), "--tiles", "4x4,2x8", "--json");
            assertEquals(0, r.code(), r.err());
            var rows = JsonParser.parseString(r.out()).getAsJsonArray();
            assertEquals(2, rows.size());
            assertTrue(rows.get(0).getAsJsonObject().get("kernel").getAsString().contains("tile 4x4"), r.out());
            assertTrue(rows.get(1).getAsJsonObject().get("kernel").getAsString().contains("tile 2x8"), r.out());
            CliTest.Result bad = CliTest.run("bench", "--sizes", "tiny", "--types", "F16", "--dir", dir.resolve("bench").toString(), "--tiles", "9x9");
            assertEquals(2, bad.code());
            assertTrue(bad.err().contains("9x9"), bad.err());
        } finally {
            Gemm.useTile("4x4");
        }
    }
}
