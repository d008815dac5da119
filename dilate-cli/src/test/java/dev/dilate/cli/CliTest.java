package dev.dilate.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.dilate.planner.Planners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line end to end, in process: output formats, every planner, and bad input. */
class CliTest {
    @TempDir Path dir;

    record Result(int code, String out, String err) {}

    static synchronized Result run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void badEvalArgumentsCreateNoResultsFile() {
        Path out = dir.resolve("results.jsonl");
        for (String[] args : List.of(new String[]{"eval", "--task", "nope"}, new String[]{"eval", "--task", "add", "--planner", "bogus"},
                new String[]{"sweep", "--tasks", "add,nope"}, new String[]{"sweep", "--tasks", "add", "--planners", "dus;bogus"})) {
            List<String> all = new java.util.ArrayList<>(List.of(args));
            all.addAll(List.of("--out", out.toString()));
            Result r = run(all.toArray(String[]::new));
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("unknown"), r.err());
            assertFalse(Files.exists(out), String.join(" ", args) + " created " + out);
        }
    }

    @Test
    void scheduleprintsOneLevelPerLine() {
        Result r = run("schedule", "--planner", "dus", "--block", "16");
        assertEquals(0, r.code());
        assertEquals("0 8\n4 12\n2 6 10 14\n1 3 5 7 9 11 13 15\n", r.out().replace("\r\n", "\n"));
        Result j = run("schedule", "--block", "8", "--base", "2", "--json");
        JsonObject o = JsonParser.parseString(j.out()).getAsJsonObject();
        assertEquals("[[0,4],[2,6],[1,3,5,7]]", o.get("levels").toString());
        assertEquals("[[3],[1,5],[0,2,4,6,7]]", JsonParser.parseString(run("schedule", "--planner", "binary", "--block", "8", "--json").out())
                .getAsJsonObject().get("levels").toString());
    }

    @Test
    void absurdSizesAreOneLineErrorsNotOutOfMemory() {
        String[][] commands = {
                {"schedule", "--block", "1000000000"},
                {"generate", "--source", "builtin", "-B", "1000000000", "-G", "1000000000"},
                {"generate", "-B", "1000000000", "-G", "1000000000"},
                {"oracle", "--blocks", "1000000000", "--gen", "1000000000"},
        };
        for (String[] c : commands) {
            Result r = run(c);
            assertEquals(2, r.code(), String.join(" ", c) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains("memory"), r.err());
        }
    }

    @Test
    void generateWorksForEveryPlannerAndReportsExactNfe() {
        for (Planners.Kind k : Planners.all()) {
            Result r = run("generate", "--source", "builtin", "--planner", k.name(), "--block", "16", "--gen", "32", "--json");
            assertEquals(0, r.code(), k.name() + ": " + r.err());
            JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
            int nfe = o.get("nfe").getAsInt();
            assertEquals(nfe, o.getAsJsonObject("trace").getAsJsonArray("steps").size(), k.name());
            assertEquals(32, o.getAsJsonObject("trace").getAsJsonArray("positions").size());
            if (k.name().equals("dus")) assertEquals(8, nfe);
            if (k.name().equals("tbt")) assertEquals(32, nfe);
        }
        Result spaced = run("generate", "--source", "builtin", "--planner", "cb:tau=0.3+spaced:g0=8", "--block", "16", "--gen", "32");
        assertEquals(0, spaced.code(), spaced.err());
    }

    @Test
    void traceDrawsEveryStep() {
        Result r = run("generate", "--source", "builtin", "--planner", "dus", "--block", "8", "--gen", "16", "--trace", "--color", "never", "--prompt", "the ");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("step   1  +2"), r.out());
        assertTrue(r.out().contains("step   6  +4"), r.out());
        assertTrue(r.out().contains("^"), "new tokens are marked");
        assertTrue(r.out().contains("NFE 6"), r.out());
    }

    @Test
    void sameSeedSameOutput() {
        String[] args = {"generate", "--source", "builtin", "--planner", "random", "--temperature", "1", "--seed", "5", "--json"};
        assertEquals(JsonParser.parseString(run(args).out()).getAsJsonObject().get("text"),
                JsonParser.parseString(run(args).out()).getAsJsonObject().get("text"));
    }

    @Test
    void oracleWritesTablesJsonAndCsv() {
        String[] base = {"oracle", "--samples", "2", "--blocks", "8", "--gen", "16", "--orders", "1", "--mix", "0.5",
                "--planners", "dus;confidence;eb:gamma=2", "--quiet"};
        Result table = run(base);
        assertEquals(0, table.code(), table.err());
        assertTrue(table.out().contains("dus") && table.out().contains("KL b/tok") && table.out().contains("d=16"), table.out());
        Result json = run(concat(base, "--json"));
        JsonObject o = JsonParser.parseString(json.out()).getAsJsonObject();
        assertEquals(3, o.getAsJsonArray("rows").size());
        assertEquals(6, o.getAsJsonArray("rows").get(0).getAsJsonObject().get("nfe").getAsDouble(), 1e-9);
        Result csv = run(concat(base, "--csv"));
        assertEquals(4, csv.out().strip().split("\n").length);
    }

    @Test
    void oracleReadsChainAndTextFiles() throws Exception {
        Path chain = dir.resolve("chain.json");
        Files.writeString(chain, "{\"order\":1,\"alphabet\":[\"x\",\"y\",\"z\"],\"transitions\":[[0.8,0.1,0.1],[0.1,0.8,0.1],[0.1,0.1,0.8]]}");
        Result r = run("oracle", "--source", chain.toString(), "--samples", "2", "--blocks", "8", "--gen", "16", "--planners", "dus", "--quiet");
        assertEquals(0, r.code(), r.err());
        Path text = dir.resolve("t.txt");
        Files.writeString(text, "the quick brown fox jumps over the lazy dog ".repeat(5));
        Result g = run("generate", "--source", text.toString(), "--order", "2", "--prompt", "the ", "--gen", "16", "--block", "8");
        assertEquals(0, g.code(), g.err());
    }

    @Test
    void badInputGetsClearErrors() throws Exception {
        assertError(run("generate", "--source", "builtin", "--planner", "nosuch"), "unknown planner 'nosuch'");
        assertError(run("generate", "--source", "builtin", "--block", "0"), "block size B must be at least 1");
        assertError(run("generate", "--source", "builtin", "--gen", "60", "--block", "16"), "not a multiple of block size");
        assertError(run("generate", "--source", "builtin", "--planner", "eb:gamma=x"), "gamma must be a number");
        assertError(run("generate", "--source", "builtin", "--planner", "eb:tau=1"), "has no parameter 'tau'");
        assertError(run("generate", "--source", "builtin", "--planner", "dus+spaced"), "fixed lattice");
        assertError(run("generate", "--source", "builtin", "--prompt", "XYZ"), "not a symbol of this source");
        assertError(run("generate", "--source", "builtin", "--no-eos"), "no EOS token");
        assertError(run("schedule", "--block", "0"), "block size must be at least 1");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"order\": 1, \"alphabet\": [\"a\"]");
        assertError(run("oracle", "--source", bad.toString(), "--quiet"), "not valid JSON");
        assertError(run("generate", "--source", dir.resolve("none.json").toString()), "no such file");
        Result unknownOption = run("generate", "--source", "builtin", "--bogus");
        assertEquals(2, unknownOption.code());
        assertTrue(unknownOption.err().contains("Unknown option"), unknownOption.err());
    }

    @Test
    void everyCommandHasHelp() {
        for (String c : new String[] {"demo", "generate", "schedule", "oracle", "planners"}) {
            Result r = run(c, "--help");
            assertEquals(0, r.code());
            assertTrue(r.out().contains("Usage: dilate " + c), r.out());
        }
    }

    private static void assertError(Result r, String fragment) {
        assertEquals(2, r.code(), "exit code for: " + r.err());
        assertTrue(r.err().contains(fragment), "expected '" + fragment + "' in: " + r.err());
    }

    private static String[] concat(String[] a, String b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = b;
        return out;
    }
}
