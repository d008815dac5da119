package dev.dilate.eval.run;

import dev.dilate.eval.PromptStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultsStoreTest {
    @TempDir Path dir;

    private static ResultRecord record(String problem) {
        RunConfig c = new RunConfig("m", "t", "dus", 8, 16, PromptStyle.BASE, 0, 1, dev.dilate.generate.CachePolicy.NONE);
        return new ResultRecord(c.fields(), c.key(), problem, 0, "out", "x", Map.of("acc", 1.0), "acc", true, 4, 16, 64, 1.5,
                Map.of("stepAveraged", 3.0, "pairWeighted", 3.0, "isolated", 1.0), false, null);
    }

    @Test
    void aHalfWrittenLastLineIsDroppedAndTheRestKept() throws Exception {
        Path f = dir.resolve("r.jsonl");
        try (ResultsStore s = ResultsStore.open(f)) {
            s.append(record("a"));
            s.append(record("b"));
        }
        Files.writeString(f, "{\"config\": {\"model\": \"m\", \"ta", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (ResultsStore s = ResultsStore.open(f)) {
            assertEquals(2, s.records().size());
            assertTrue(s.done(record("a").key(), "a"));
            assertFalse(s.done(record("a").key(), "c"));
            s.append(record("c"));
            assertThrows(IllegalStateException.class, () -> s.append(record("c")));
        }
        assertEquals(3, Files.readAllLines(f).size());
        assertEquals(3, ResultsStore.read(f).size());
    }

    private static String line(ResultRecord r) { return ResultsStore.GSON.toJson(r); }

    /** The file with one record's JSON edited, then read: the error it gives, or null. */
    private String readEdited(String from, String to) throws Exception {
        Path f = dir.resolve("edited-" + Math.abs((from + to).hashCode()) + ".jsonl");
        String good = line(record("a"));
        assertTrue(good.contains(from), good);
        Files.writeString(f, line(record("z")) + "\n" + good.replace(from, to) + "\n");
        try {
            ResultsStore.read(f);
            return null;
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains(f.getFileName().toString()) && e.getMessage().contains("line 2"), e.getMessage());
            return e.getMessage();
        }
    }

    @Test
    void aRecordMissingWhatReportsNeedOrOutOfRangeIsAnErrorNamingFileAndLine() throws Exception {
        assertTrue(readEdited("\"metrics\":{\"acc\":1.0},", "").contains("no metrics"));
        assertTrue(readEdited("\"acc\":1.0", "\"acc\":7.0").contains("out of range"));
        assertTrue(readEdited("\"acc\":1.0", "\"acc\":-0.5").contains("out of range"));
        assertTrue(readEdited("\"acc\":1.0", "\"acc\":null").contains("without a reason"));
        assertTrue(readEdited("\"primary\":\"acc\"", "\"primary\":\"exact\"").contains("primary metric"));
        assertTrue(readEdited("\"nfe\":4", "\"nfe\":-4").contains("negative"));
        assertTrue(readEdited("\"planner\":\"dus\",", "").contains("config has no planner"));
        assertTrue(readEdited("\"output\":\"out\",", "").contains("no output"));
        // A NaN from a file written before NaN was banned reads as an undefined score, not an error.
        assertEquals(null, readEdited("\"acc\":1.0", "\"acc\":NaN"));
    }

    @Test
    void aDuplicateIsCountedOnceAndNaNIsNeverWritten() throws Exception {
        Path f = dir.resolve("dup.jsonl");
        Files.writeString(f, line(record("a")) + "\n" + line(record("b")) + "\n" + line(record("a")) + "\n");
        assertEquals(2, ResultsStore.read(f).size());
        try (ResultsStore s = ResultsStore.open(f)) {
            assertEquals(2, s.records().size());
            RunConfig c = new RunConfig("m", "chain", "dus", 8, 16, PromptStyle.BASE, 0, 1, dev.dilate.generate.CachePolicy.NONE);
            s.append(new ResultRecord(c.fields(), c.key(), "n", 0, "", "", Map.of("bits", Double.NaN), "bits", false, 1, 0, 0, 0.5,
                    Map.of("stepAveraged", Double.NaN, "pairWeighted", Double.NaN, "isolated", Double.NaN), false, null));
            var bad = new ResultRecord(c.fields(), c.key(), "x", 0, "", "", Map.of("bits", -1.0), "bits", false, 1, 0, 0, 0.5, Map.of(), false, null);
            assertThrows(IllegalArgumentException.class, () -> s.append(bad));
        }
        String text = Files.readString(f);
        assertFalse(text.contains("NaN") || text.contains("Infinity"), text);
        ResultRecord undefined = ResultsStore.read(f).getLast();
        assertEquals(null, undefined.metrics().get("bits"));
        assertTrue(undefined.metrics().containsKey("bits"), "the metric keeps its name");
        assertTrue(undefined.undefined().containsKey("metrics.bits") && undefined.undefined().containsKey("spacing.isolated"), undefined.undefined().toString());
    }

    @Test
    void garbageInsideTheFileIsNamedAndASecondWriterRefused() throws Exception {
        Path f = dir.resolve("bad.jsonl");
        Files.writeString(f, line(record("p")) + "\nnot json at all\n" + line(record("q")) + "\n");
        var e = assertThrows(IllegalArgumentException.class, () -> ResultsStore.open(f));
        assertTrue(e.getMessage().contains("bad.jsonl") && e.getMessage().contains("line 2"), e.getMessage());
        Path g = dir.resolve("locked.jsonl");
        try (ResultsStore holder = ResultsStore.open(g)) {
            var busy = assertThrows(IllegalArgumentException.class, () -> ResultsStore.open(g));
            assertTrue(busy.getMessage().contains("another dilate run"), busy.getMessage());
            assertTrue(holder.records().isEmpty());
        }
    }
}
