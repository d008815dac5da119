package dev.dilate.eval.ifeval;

import com.google.gson.JsonPrimitive;
import com.google.gson.JsonParser;
import dev.dilate.eval.DataFiles;
import dev.dilate.eval.Problem;
import dev.dilate.eval.PromptStyle;
import dev.dilate.eval.Score;
import dev.dilate.session.Prompt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IfEvalTest {

    static IfEval task() {
        Path data = DataFiles.defaultFolder();
        assertTrue(Files.isRegularFile(data.resolve(IfEval.FILE)), "IFEval data missing: " + data.resolve(IfEval.FILE).toAbsolutePath());
        return new IfEval(data);
    }

    static Problem problem(String id, String prompt, String instructionIds, String kwargs) {
        return new Problem(id, JsonParser.parseString("{\"key\": " + id + ", \"prompt\": " + new JsonPrimitive(prompt)
                + ", \"instruction_id_list\": " + instructionIds + ", \"kwargs\": " + kwargs + "}").getAsJsonObject());
    }

    @Test
    void everyPromptOfTheDataParsesWithKnownInstructions() {
        IfEval task = task();
        assertEquals(541, task.problems().size());
        Map<String, Integer> types = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (Problem p : task.problems()) {
            assertTrue(ids.add(p.id()), "duplicate id " + p.id());
            for (var id : p.record().getAsJsonArray("instruction_id_list")) types.merge(id.getAsString(), 1, Integer::sum);
            Score blank = task.score(p, "   ");
            assertEquals(0.0, blank.metric("prompt_strict"));
            assertEquals(0.0, blank.metric("inst_loose"));
        }
        assertEquals(Instructions.ids(), types.keySet());
        assertEquals(25, types.size());
        assertEquals(834, types.values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(66, types.get("punctuation:no_comma"));
        assertEquals(31, types.get("language:response_language"));
    }

    @Test
    void promptsAreVerbatimWithoutStops() {
        IfEval task = task();
        Problem first = task.problems().getFirst();
        assertEquals("1000", first.id());
        Prompt base = task.prompt(first, PromptStyle.BASE), chat = task.prompt(first, PromptStyle.CHAT);
        assertEquals(first.field("prompt"), base.text());
        assertEquals(1, chat.messages().size());
        assertEquals("user", chat.messages().getFirst().role());
        assertEquals(first.field("prompt"), chat.messages().getFirst().content());
        assertEquals("", chat.assistantPrefix());
        assertEquals(List.of(), task.stops(PromptStyle.BASE));
        assertEquals("prompt_strict", task.primaryMetric());
    }

    @Test
    void scoresARealPromptOfTheData() {
        // key 1000: no commas, at least 3 highlighted sections, at least 300 words.
        IfEval task = task();
        Problem p = task.problems().getFirst();
        String words = "word ".repeat(300);
        Score all = task.score(p, "*one* *two* *three* " + words);
        assertEquals(1.0, all.metric("prompt_strict"));
        assertEquals(3.0, all.metric("inst_strict"));
        Score comma = task.score(p, "*one* *two* *three*, " + words);
        assertEquals(0.0, comma.metric("prompt_strict"));
        assertEquals(2.0, comma.metric("inst_strict"));
        assertEquals(3.0, comma.metric("instructions"));
    }

    @Test
    void looseVariantsRescueAPreambleAndMarkdown() {
        Problem p = problem("1", "Answer in quotes, and end with 'Bye.'", "[\"startend:quotation\", \"startend:end_checker\"]",
                "[{}, {\"end_phrase\": \"Bye.\"}]");
        IfEval task = new IfEval(dataFolderWith(p));
        Score preamble = task.score(p, "Sure, here it is:\n\"Hello. Bye.\"");
        assertEquals(0.0, preamble.metric("prompt_strict"));
        assertEquals(1.0, preamble.metric("inst_strict"));   // the end phrase is there; the quotes do not wrap it all
        assertEquals(1.0, preamble.metric("prompt_loose"));  // without the first line, both pass
        assertEquals(2.0, preamble.metric("inst_loose"));
        assertTrue(preamble.extracted().contains("startend:quotation loose"), preamble.extracted());

        Score bold = task.score(p, "\"Hello. **Bye.**\"");
        assertEquals(0.0, bold.metric("prompt_strict"));
        assertEquals(1.0, bold.metric("prompt_loose"));      // with "*" removed it ends with Bye.

        Score neither = task.score(p, "Hello.\nStill no quotes.\nBye");
        assertEquals(0.0, neither.metric("inst_loose"));
    }

    @Test
    void aggregatesPromptsByMeanAndInstructionsBySum() {
        List<Score> scores = List.of(
                score(1, 1, 2, 2, 2),    // all pass
                score(0, 1, 1, 3, 3),    // loose only
                score(0, 0, 0, 0, 1));   // nothing
        Map<String, Double> agg = new IfEval(dataFolderWith(problem("1", "p", "[\"punctuation:no_comma\"]", "[{}]"))).aggregate(scores);
        assertEquals(1.0 / 3, agg.get("prompt_strict"), 1e-12);
        assertEquals(2.0 / 3, agg.get("prompt_loose"), 1e-12);
        assertEquals(3.0 / 6, agg.get("inst_strict"), 1e-12);
        assertEquals(5.0 / 6, agg.get("inst_loose"), 1e-12);
        assertEquals(Set.of("prompt_strict", "prompt_loose", "inst_strict", "inst_loose"), agg.keySet());
    }

    @Test
    void nullKwargsAreDroppedAndUnknownInstructionsRejected() {
        Problem padded = problem("7", "p", "[\"detectable_format:title\"]", "[{\"num_words\": null, \"title\": null}]");
        IfEval task = new IfEval(dataFolderWith(padded));
        assertEquals(1.0, task.score(padded, "<<A title>>").metric("prompt_strict"));

        Problem unknown = problem("8", "p", "[\"keywords:rhyme\"]", "[{}]");
        var e = assertThrows(IllegalArgumentException.class, () -> new IfEval(dataFolderWith(unknown)));
        assertTrue(e.getMessage().contains("keywords:rhyme") && e.getMessage().contains("8"), e.getMessage());
    }

    @Test
    void missingDataFileIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> new IfEval(tmp.resolve("nowhere")));
        assertTrue(e.getMessage().contains("ifeval/input_data.jsonl"), e.getMessage());
    }

    @TempDir Path tmp;

    private Path dataFolderWith(Problem... problems) {
        try {
            Path file = tmp.resolve(IfEval.FILE);
            Files.createDirectories(file.getParent());
            StringBuilder lines = new StringBuilder();
            for (Problem p : problems) lines.append(p.record()).append('\n');
            Files.writeString(file, lines);
            return tmp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Score score(double promptStrict, double promptLoose, double instStrict, double instLoose, double instructions) {
        return new Score(Map.of("prompt_strict", promptStrict, "prompt_loose", promptLoose, "inst_strict", instStrict,
                "inst_loose", instLoose, "instructions", instructions), "");
    }
}
