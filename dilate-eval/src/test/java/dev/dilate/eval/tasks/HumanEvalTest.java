package dev.dilate.eval.tasks;

import dev.dilate.eval.Problem;
import dev.dilate.eval.PromptStyle;
import dev.dilate.eval.Score;
import dev.dilate.eval.sandbox.Sandboxes;
import dev.dilate.session.Prompt;
import dev.dilate.tokenizer.ChatMessage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class HumanEvalTest {
    private static final String PROMPT_0 = """
            from typing import List


            def has_close_elements(numbers: List[float], threshold: float) -> bool:
                \""" Check if in given list of numbers, are any two numbers closer to each other than
                given threshold.
                >>> has_close_elements([1.0, 2.0, 3.0], 0.5)
                False
                >>> has_close_elements([1.0, 2.8, 3.0, 4.0, 5.0, 2.0], 0.3)
                True
                \"""
            """;

    private static HumanEval task() {
        return new HumanEval(TaskData.folder(HumanEval.FILE), Sandboxes.standard());
    }

    @Test
    void readsAllProblems() {
        HumanEval task = task();
        assertEquals(164, task.problems().size());
        assertEquals("HumanEval/0", task.problems().getFirst().id());
        assertEquals("HumanEval/163", task.problems().getLast().id());
        assertEquals("pass@1", task.primaryMetric());
    }

    @Test
    void rendersPromptsInBothStyles() {
        HumanEval task = task();
        Problem first = task.problems().getFirst();
        assertEquals(Prompt.text(PROMPT_0), task.prompt(first, PromptStyle.BASE));
        assertEquals(Prompt.chat(List.of(ChatMessage.user("Complete the following python code:\n" + PROMPT_0)), ""),
                task.prompt(first, PromptStyle.CHAT));
        assertEquals(List.of("\nclass", "\ndef", "\n#", "\nif", "\nprint"), task.stops(PromptStyle.BASE));
        assertEquals(List.of(), task.stops(PromptStyle.CHAT));
    }

    @Test
    void everyCanonicalSolutionPassesAndItsCorruptionFails() throws Exception {
        HumanEval task = task();
        long start = System.nanoTime();
        List<Score> right = TaskData.scoreAll(task, p -> p.field("canonical_solution"));
        List<Score> wrong = TaskData.scoreAll(task, p -> "    return None\n");
        System.out.printf("HumanEval: %d canonical and %d corrupted programs in %.1f s%n",
                right.size(), wrong.size(), (System.nanoTime() - start) / 1e9);
        assertEquals(List.of(), TaskData.idsNot(task, right, "pass@1", 1.0), "canonical solutions that failed");
        assertEquals(List.of(), TaskData.idsNot(task, wrong, "pass@1", 0.0), "corrupted solutions that passed");
        Problem first = task.problems().getFirst();
        assertEquals(HumanEval.program(first, first.field("canonical_solution")), right.getFirst().extracted());
        assertTrue(right.getFirst().extracted().endsWith("\ncheck(has_close_elements)"));
    }

    @Test
    void chatAnswersContributeTheirFirstCodeBlock() {
        HumanEval task = task();
        Problem first = task.problems().getFirst();
        String body = first.field("canonical_solution");
        String restated = "Here is the function:\n```python\n" + PROMPT_0 + body + "```\nIt compares every pair.\n```python\nprint(1)\n```";
        Score whole = task.score(first, restated);
        assertEquals(1.0, whole.metric("pass@1"), whole.extracted());
        assertEquals(HumanEval.program(first, PROMPT_0 + body), whole.extracted());
        assertEquals(1.0, task.score(first, "```\n" + PROMPT_0 + body + "```").metric("pass@1"));
        // OpenCompass left-strips the block, so a block holding only the indented body fails there too
        assertEquals(0.0, task.score(first, "```\n" + body + "```").metric("pass@1"));
        assertEquals(1.0, task.score(first, body).metric("pass@1"), "an answer without a block is used as it is");
        assertEquals(0.0, task.score(first, "```python\n    return True\n```").metric("pass@1"));
    }
}
