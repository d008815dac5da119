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
                Map.of("stepAveraged", 3.0, "pairWeighted", 3.0, "isolated", 1.0), false);
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

    @Test
    void garbageInsideTheFileIsNamedAndASecondWriterRefused() throws Exception {
        Path f = dir.resolve("bad.jsonl");
        Files.writeString(f, "{\"key\": \"k\", \"problem\": \"p\"}\nnot json at all\n{\"key\": \"k\", \"problem\": \"q\"}\n");
        var e = assertThrows(IllegalArgumentException.class, () -> ResultsStore.open(f));
        assertTrue(e.getMessage().contains("bad.jsonl") && e.getMessage().contains("line 2"), e.getMessage());
        Path g = dir.resolve("locked.jsonl");
        try (ResultsStore s = ResultsStore.open(g)) {
            var busy = assertThrows(IllegalArgumentException.class, () -> ResultsStore.open(g));
            assertTrue(busy.getMessage().contains("another dilate run"), busy.getMessage());
        }
    }
}
