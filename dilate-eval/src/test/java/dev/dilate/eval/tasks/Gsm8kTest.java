package dev.dilate.eval.tasks;

import com.google.gson.JsonObject;
import dev.dilate.eval.DataFiles;
import dev.dilate.eval.Problem;
import dev.dilate.eval.PromptStyle;
import dev.dilate.eval.Score;
import dev.dilate.session.Prompt;
import dev.dilate.tokenizer.ChatMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Gsm8kTest {

    private static Gsm8k task() { return new Gsm8k(BenchmarkData.folder(Gsm8k.TEST)); }

    private static Map<String, Double> scoreAll(Gsm8k task, List<String> completions) {
        List<Problem> problems = task.problems();
        return task.aggregate(IntStream.range(0, problems.size()).mapToObj(i -> task.score(problems.get(i), completions.get(i))).toList());
    }

    @Test void goldSolutionsScoreFullMarks() {
        Gsm8k task = task();
        assertEquals(1319, task.problems().size());
        Map<String, Double> means = scoreAll(task, task.problems().stream().map(p -> p.field("answer")).toList());
        assertEquals(1.0, means.get("strict"));
        assertEquals(1.0, means.get("flexible"));
        // OpenCompass's number regex reads "#### 1,000" as "000": the 14 answers written with a thousands
        // separator fail, as they do under OpenCompass itself (1,305 / 1,319 in Python).
        assertEquals(1305.0 / 1319, means.get("opencompass"), 1e-12);
        for (Problem p : task.problems())
            if (task.score(p, p.field("answer")).metric("opencompass") == 0)
                assertTrue(p.field("answer").matches("(?s).*#### \\d{1,3}(,\\d{3})+"), p.field("answer"));
    }

    @Test void shuffledSolutionsScoreNearZero() {
        Gsm8k task = task();
        Map<String, Double> means = scoreAll(task, BenchmarkData.rotated(task.problems().stream().map(p -> p.field("answer")).toList()));
        means.forEach((metric, mean) -> assertTrue(mean < 0.05, metric + " = " + mean));
    }

    @Test void basePromptIsLmEvalFiveShotWithCPythonDraws() {
        BenchmarkData.folder(Gsm8k.TRAIN);
        Gsm8k task = task();
        List<JsonObject> train = DataFiles.jsonl(DataFiles.defaultFolder().resolve(Gsm8k.TRAIN));
        // random.Random(1234).sample(train, 5) drawn twice: the second draw belongs to the second test problem.
        StringBuilder expected = new StringBuilder();
        for (int i : new int[] {7462, 6610, 4769, 286, 5501})
            expected.append("Question: ").append(train.get(i).get("question").getAsString()).append("\nAnswer: ")
                    .append(train.get(i).get("answer").getAsString()).append("\n\n");
        expected.append("Question: A robe takes 2 bolts of blue fiber and half that much white fiber.  How many bolts in total does it take?\nAnswer:");
        Prompt prompt = task.prompt(task.problems().get(1), PromptStyle.BASE);
        assertFalse(prompt.isChat());
        assertEquals(expected.toString(), prompt.text());
        assertTrue(prompt.text().startsWith("Question: Steve finds 100 gold bars while visiting Oregon."));
        assertTrue(task.prompt(task.problems().getFirst(), PromptStyle.BASE).text().startsWith("Question: " + train.get(6374).get("question").getAsString()));
        // Rendered in Python by lm-eval's rule with random.Random(1234), drawing once per test problem in order.
        assertEquals("32680f263ba83280e98a8a24ceefed10a722a4cdcd9f4d78e93c45d43143ca66",
                BenchmarkData.sha256(task.prompt(task.problems().getFirst(), PromptStyle.BASE).text()));
        assertEquals("c9c63955e0cf2185cb505fbc69b80561f7bad5c30a5daee94cc851b31107f4cb",
                BenchmarkData.sha256(task.prompt(task.problems().getLast(), PromptStyle.BASE).text()));
    }

    @Test void chatPromptIsOpenCompassFourShot() {
        Gsm8k task = task();
        Prompt prompt = task.prompt(task.problems().getFirst(), PromptStyle.CHAT);
        List<ChatMessage> turns = prompt.messages();
        assertEquals(9, turns.size());
        assertEquals(List.of("user", "assistant", "user", "assistant", "user", "assistant", "user", "assistant", "user"),
                turns.stream().map(ChatMessage::role).toList());
        assertTrue(turns.get(0).content().startsWith("Question: Angelo and Melanie want to plan how many hours"));
        assertTrue(turns.get(0).content().endsWith("30 minutes for lunch each day?\nLet's think step by step\nAnswer:"));
        assertTrue(turns.get(1).content().endsWith("They will need to plan to study 4 days to allow for all the time they need.\nThe answer is 4\n"));
        assertTrue(turns.get(7).content().endsWith("The four baskets together have 32+114=146 fruits.\nThe answer is 146\n"));
        assertEquals("Question: Janet\u2019s ducks lay 16 eggs per day. She eats three for breakfast every morning and bakes muffins for her "
                + "friends every day with four. She sells the remainder at the farmers' market daily for $2 per fresh duck egg. How much in "
                + "dollars does she make every day at the farmers' market?\nLet's think step by step\nAnswer:", turns.get(8).content());
        assertEquals("", prompt.assistantPrefix());
    }

    @Test void extractionRules() {
        assertEquals("18", Gsm8kAnswers.strict("so 9 * 2 = 18\n#### 18\n#### 20"));
        assertEquals(Gsm8kAnswers.INVALID, Gsm8kAnswers.strict("The answer is 18"));
        assertEquals("5", Gsm8kAnswers.flexible("3 apples and 5 pears"));
        assertEquals("$1,000.", Gsm8kAnswers.flexible("It costs $1,000."));
        assertEquals("-7", Gsm8kAnswers.flexible("the change is -7"));
        assertEquals(Gsm8kAnswers.INVALID, Gsm8kAnswers.flexible("no numbers here"));
        assertEquals("18", Gsm8kAnswers.openCompass("She makes 18 dollars.\nQuestion: 5 more apples"));
        assertEquals("-2.50", Gsm8kAnswers.openCompass("it drops by -2.50."));
        assertEquals(Gsm8kAnswers.NULL, Gsm8kAnswers.openCompass("none"));
        assertEquals("1000", Gsm8kAnswers.openCompassReference("so 1,000\n#### 1,000"));
    }

    @Test void matchingRules() {
        String answer = "She pays 500 + 500 = <<500+500=1000>>1000 dollars.\n#### 1,000";
        assertTrue(Gsm8kAnswers.lmEvalMatch("$1,000.", answer));
        assertTrue(Gsm8kAnswers.lmEvalMatch("1000", answer));
        assertFalse(Gsm8kAnswers.lmEvalMatch("100", answer));
        assertFalse(Gsm8kAnswers.lmEvalMatch(Gsm8kAnswers.INVALID, answer));
        assertTrue(Gsm8kAnswers.openCompassMatch("18.0", "18"));
        assertTrue(Gsm8kAnswers.openCompassMatch("18", "18"));
        assertFalse(Gsm8kAnswers.openCompassMatch("18.5", "18"));
        assertFalse(Gsm8kAnswers.openCompassMatch(Gsm8kAnswers.NULL, "18"));
    }

    @Test void scoresEveryMetric() {
        Gsm8k task = task();
        Problem janet = task.problems().getFirst();  // answer 18
        Score flexibleOnly = task.score(janet, "She sells 9 eggs at $2 each, so she makes $18.");
        assertEquals(Map.of("strict", 0.0, "flexible", 1.0, "opencompass", 1.0), flexibleOnly.metrics());
        assertEquals("$18.", flexibleOnly.extracted());
        assertEquals(Map.of("strict", 1.0, "flexible", 0.0, "opencompass", 0.0), task.score(janet, "#### 18\nThen 3 more.").metrics());
        assertEquals("flexible", task.primaryMetric());
        assertEquals(List.of("Question:", "</s>", "<|im_end|>"), task.stops(PromptStyle.BASE));
    }

    /**
     * 40 hand-made answers (units, dollar signs, decimals, signs, two answers, answers past a stop)
     * with the verdicts of lm-eval's own gsm8k scoring: its RegexFilter and exact_match code run with
     * gsm8k.yaml's settings (commit 4e7e0d4).
     */
    @Test void adversarialAnswersGetLmEvalsVerdicts() {
        Gsm8k task = task();
        List<JsonObject> cases = BenchmarkData.resourceLines("gsm8k-adversarial.jsonl");
        assertEquals(40, cases.size());
        List<String> disagreements = new java.util.ArrayList<>();
        for (JsonObject c : cases) {
            int index = Integer.parseInt(c.get("id").getAsString().substring("gsm8k/".length()));
            Score s = task.score(task.problems().get(index), c.get("completion").getAsString());
            for (String metric : List.of("strict", "flexible"))
                if (s.metric(metric) != c.get(metric).getAsInt())
                    disagreements.add(metric + " " + c.get("completion").getAsString() + " -> " + s.metric(metric));
        }
        assertEquals(List.of(), disagreements);
    }

    @Test void missingDataNamesTheFile(@TempDir Path empty) throws IOException {
        IllegalArgumentException noTest = assertThrows(IllegalArgumentException.class, () -> new Gsm8k(empty));
        assertTrue(noTest.getMessage().contains("gsm8k/test.jsonl") && noTest.getMessage().contains("grade-school-math"), noTest.getMessage());
        // The train file is needed only for BASE prompts, and its absence is named when one is asked for.
        Files.createDirectories(empty.resolve("gsm8k"));
        Files.writeString(empty.resolve(Gsm8k.TEST), "{\"question\": \"What is 1 + 1?\", \"answer\": \"1 + 1 = 2\\n#### 2\"}\n");
        Gsm8k task = new Gsm8k(empty);
        assertTrue(task.prompt(task.problems().getFirst(), PromptStyle.CHAT).isChat());
        IllegalArgumentException noTrain = assertThrows(IllegalArgumentException.class, () -> task.prompt(task.problems().getFirst(), PromptStyle.BASE));
        assertTrue(noTrain.getMessage().contains("gsm8k/train.jsonl.gz"), noTrain.getMessage());
    }
}
