package dev.dilate.eval.tasks;

import dev.dilate.eval.Problem;
import dev.dilate.eval.Prompt;
import dev.dilate.eval.PromptStyle;
import dev.dilate.eval.Score;
import dev.dilate.tokenizer.ChatMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Math500Test {

    private static Math500 task() { return new Math500(BenchmarkData.folder(Math500.TEST)); }

    private static String chatGold(String answer) { return "Reasoning step by step, we get $\\boxed{" + answer + "}$."; }

    private static String baseGold(String answer) { return "So we are done.\nFinal Answer: The final answer is $" + answer + "$. I hope it is correct."; }

    private static Map<String, Double> scoreAll(Math500 task, List<String> completions) {
        List<Problem> problems = task.problems();
        List<Score> scores = IntStream.range(0, problems.size()).mapToObj(i -> task.score(problems.get(i), completions.get(i))).toList();
        return task.aggregate(scores);
    }

    private static List<String> answers(Math500 task) { return task.problems().stream().map(p -> p.field("answer")).toList(); }

    @Test void goldAnswersScoreFullMarks() {
        Math500 task = task();
        assertEquals(500, task.problems().size());
        Map<String, Double> chat = scoreAll(task, answers(task).stream().map(Math500Test::chatGold).toList());
        Map<String, Double> base = scoreAll(task, answers(task).stream().map(Math500Test::baseGold).toList());
        assertEquals(1.0, chat.get("equiv"));
        assertEquals(Map.of("minerva", 1.0, "equiv", 1.0), base);
    }

    @Test void shuffledAnswersScoreNearZero() {
        Math500 task = task();
        List<String> shuffled = BenchmarkData.rotated(answers(task));
        Map<String, Double> chat = scoreAll(task, shuffled.stream().map(Math500Test::chatGold).toList());
        Map<String, Double> base = scoreAll(task, shuffled.stream().map(Math500Test::baseGold).toList());
        chat.forEach((metric, mean) -> assertTrue(mean < 0.05, "chat " + metric + " = " + mean));
        base.forEach((metric, mean) -> assertTrue(mean < 0.05, "base " + metric + " = " + mean));
    }

    private static final String FIRST_PROBLEM = "Convert the point $(0,3)$ in rectangular coordinates to polar coordinates.  "
            + "Enter your answer in the form $(r,\\theta),$ where $r > 0$ and $0 \\le \\theta < 2 \\pi.$";

    @Test void basePromptIsMinervaFourShot() {
        Math500 task = task();
        Prompt prompt = task.prompt(task.problems().getFirst(), PromptStyle.BASE);
        assertFalse(prompt.isChat());
        String text = prompt.text();
        assertTrue(text.startsWith("Problem:\nFind the domain of the expression  $\\frac{\\sqrt{x-2}}{\\sqrt{5-x}}$.}\n\nSolution: "
                + "The expressions inside each square root must be non-negative."), text);
        assertTrue(text.contains("Final Answer: The final answer is $[2,5)$. I hope it is correct.\n\nProblem:\nIf $\\det \\mathbf{A} = 2$"));
        assertTrue(text.endsWith("Final Answer: The final answer is $-\\frac{2}{3}$. I hope it is correct.\n\nProblem:\n" + FIRST_PROBLEM + "\n\nSolution:"));
        // Rendered in Python from lm-eval's list_fewshot_samples: doc_to_text + " " + solution, joined and ended by "\n\n".
        assertEquals(1975, text.length());
        assertEquals("38a0ec97686095dee3a2d92d5d4b9e4d3f29aeb0b5742da85947f95f46978a88", BenchmarkData.sha256(text));
        assertEquals(List.of("Problem:"), task.stops(PromptStyle.BASE));
    }

    @Test void chatPromptIsOpenCompassZeroShot() {
        Math500 task = task();
        Prompt prompt = task.prompt(task.problems().getFirst(), PromptStyle.CHAT);
        assertEquals(List.of(ChatMessage.user(FIRST_PROBLEM + "\nPlease reason step by step, and put your final answer within \\boxed{}.")), prompt.messages());
        assertEquals("", prompt.assistantPrefix());
        assertEquals("test/precalculus/807.json", task.problems().getFirst().id());
        assertEquals("equiv", task.primaryMetric());
    }

    @Test void scoresBothMetrics() {
        Math500 task = task();
        Problem polar = task.problems().getFirst();  // \left( 3, \frac{\pi}{2} \right)
        Score boxedOnly = task.score(polar, "So the point is $\\boxed{\\left(3, \\dfrac{\\pi}{2}\\right)}$.");
        assertEquals(Map.of("minerva", 0.0, "equiv", 1.0), boxedOnly.metrics());
        assertEquals("\\left(3, \\dfrac{\\pi}{2}\\right)", boxedOnly.extracted());
        assertEquals(Map.of("minerva", 1.0, "equiv", 1.0),
                task.score(polar, "Final Answer: The final answer is $\\left( 3, \\frac{\\pi}{2} \\right)$. I hope it is correct.").metrics());
        // minerva is string equality (lm-eval's sympy check is not reproduced); equiv accepts the plainer form.
        assertEquals(Map.of("minerva", 0.0, "equiv", 1.0),
                task.score(polar, "Final Answer: The final answer is $(3,\\frac{\\pi}{2})$. I hope it is correct.").metrics());
        // The last \boxed wins for equiv, the Minerva sentence for minerva.
        assertEquals(Map.of("minerva", 1.0, "equiv", 0.0),
                task.score(polar, "$\\boxed{(3, \\pi)}$\nFinal Answer: The final answer is $\\left( 3, \\frac{\\pi}{2} \\right)$. I hope it is correct.").metrics());
        assertEquals(Map.of("minerva", 0.0, "equiv", 0.0), task.score(polar, "I do not know.").metrics());
    }

    @Test void missingDataNamesTheFile(@TempDir Path empty) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Math500(empty));
        assertTrue(e.getMessage().contains("math500/test.jsonl") && e.getMessage().contains("prm800k"), e.getMessage());
    }
}
