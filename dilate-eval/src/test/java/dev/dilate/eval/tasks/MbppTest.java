package dev.dilate.eval.tasks;

import dev.dilate.eval.Problem;
import dev.dilate.eval.PromptStyle;
import dev.dilate.eval.Score;
import dev.dilate.eval.sandbox.Sandboxes;
import dev.dilate.session.Prompt;
import dev.dilate.tokenizer.ChatMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

class MbppTest {
    private static final Pattern DEF = Pattern.compile("def\\s+(\\w+)\\s*\\(");

    /** OpenCompass's MBPP limit: task 123's reference needs about 4 s on a busy 2-core machine, past lm-eval's 3 s. */
    private static final Duration TIME_LIMIT = Duration.ofSeconds(10);

    private static Mbpp task() {
        return new Mbpp(TaskData.folder(Mbpp.FILE), Sandboxes.withTimeLimit(TIME_LIMIT));
    }

    @Test
    void readsTheTestSplit() {
        Mbpp task = task();
        assertEquals(500, task.problems().size());
        assertEquals("mbpp/11", task.problems().getFirst().id());
        assertEquals("mbpp/510", task.problems().getLast().id());
    }

    @Test
    void rendersTheBasePromptAsLmEval() {
        Mbpp task = task();
        String expected = """
                You are an expert Python programmer, and here is your task: Write a function to find the similar elements from the given two tuple lists. Your code should pass these tests:

                assert similar_elements((3, 4, 5, 6),(5, 7, 4, 10)) == (4, 5)
                assert similar_elements((1, 2, 3, 4),(5, 4, 3, 7)) == (3, 4)
                assert similar_elements((11, 12, 14, 13),(17, 15, 14, 13)) == (13, 14)
                [BEGIN]
                def similar_elements(test_tup1, test_tup2):\r
                  res = tuple(set(test_tup1) & set(test_tup2))\r
                  return (res)\s
                [DONE]

                You are an expert Python programmer, and here is your task: Write a python function to identify non-prime numbers. Your code should pass these tests:

                assert is_not_prime(2) == False
                assert is_not_prime(10) == True
                assert is_not_prime(35) == True
                [BEGIN]
                import math\r
                def is_not_prime(n):\r
                    result = False\r
                    for i in range(2,int(math.sqrt(n)) + 1):\r
                        if n % i == 0:\r
                            result = True\r
                    return result
                [DONE]

                You are an expert Python programmer, and here is your task: Write a function to find the largest integers from a given list of numbers using heap queue algorithm. Your code should pass these tests:

                assert heap_queue_largest( [25, 35, 22, 85, 14, 65, 75, 22, 58],3)==[85, 75, 65]\s
                assert heap_queue_largest( [25, 35, 22, 85, 14, 65, 75, 22, 58],2)==[85, 75]\s
                assert heap_queue_largest( [25, 35, 22, 85, 14, 65, 75, 22, 58],5)==[85, 75, 65, 58, 35]
                [BEGIN]
                import heapq as hq\r
                def heap_queue_largest(nums,n):\r
                  largest_nums = hq.nlargest(n, nums)\r
                  return largest_nums
                [DONE]

                You are an expert Python programmer, and here is your task: Write a python function to remove first and last occurrence of a given character from the string. Your code should pass these tests:

                assert remove_Occ("hello","l") == "heo"
                assert remove_Occ("abcda","a") == "bcd"
                assert remove_Occ("PHP","P") == "H"
                [BEGIN]
                """;
        assertEquals(Prompt.text(expected), task.prompt(task.problems().getFirst(), PromptStyle.BASE));
        assertEquals(List.of("[DONE]"), task.stops(PromptStyle.BASE));
    }

    @Test
    void rendersTheChatPromptAsOpenCompass() {
        Mbpp task = task();
        Prompt chat = task.prompt(task.problems().getFirst(), PromptStyle.CHAT);
        assertTrue(chat.isChat());
        assertEquals("[BEGIN]\n", chat.assistantPrefix());
        List<ChatMessage> m = chat.messages();
        assertEquals(List.of("user", "assistant", "user", "assistant", "user", "assistant", "user"), m.stream().map(ChatMessage::role).toList());
        assertEquals("You are an expert Python programmer, and here is your task: Write a python function to identify non-prime numbers."
                + " Your code should pass these tests:\n\n assert is_not_prime(2) == False \nassert is_not_prime(10) == True \nassert is_not_prime(35) == True \n",
                m.get(2).content());
        assertEquals("[BEGIN]\n 'import heapq as hq\r\ndef heap_queue_largest(nums,n):\r\n  largest_nums = hq.nlargest(n, nums)\r\n  return largest_nums' \n[DONE] \n\n ",
                m.get(5).content());
        assertEquals("You are an expert Python programmer, and here is your task: Write a python function to remove first and last occurrence"
                + " of a given character from the string. Your code should pass these tests:\n\n assert remove_Occ(\"hello\",\"l\") == \"heo\"\n"
                + "assert remove_Occ(\"abcda\",\"a\") == \"bcd\"\nassert remove_Occ(\"PHP\",\"P\") == \"H\"  \n", m.get(6).content());
        assertEquals(List.of(), task.stops(PromptStyle.CHAT));
    }

    @Test
    void everyReferenceProgramPassesAndItsCorruptionFails() throws Exception {
        Mbpp task = task();
        long start = System.nanoTime();
        List<Score> right = TaskData.scoreAll(task, p -> p.field("code"));
        List<Score> wrong = TaskData.scoreAll(task, MbppTest::corrupted);
        System.out.printf("MBPP: %d reference and %d corrupted programs in %.1f s%n",
                right.size(), wrong.size(), (System.nanoTime() - start) / 1e9);
        assertEquals(List.of(), TaskData.idsNot(task, right, "pass@1", 1.0), "reference programs that failed");
        assertEquals(List.of(), TaskData.idsNot(task, wrong, "pass@1", 0.0), "corrupted programs that passed");
        Problem withSetup = task.problems().stream().filter(p -> p.id().equals("mbpp/367")).findFirst().orElseThrow();
        assertTrue(right.get(task.problems().indexOf(withSetup)).extracted().contains("root = Node(1)"), "test_setup_code is run");
    }

    @Test
    void chatAnswersAreReadAsOpenCompassReadsThem() {
        Mbpp task = task();
        Problem first = task.problems().getFirst();
        String code = first.field("code");
        assertEquals(1.0, task.score(first, " '" + code + "' \n[DONE] \n\nSome chatter").metric("pass@1"));
        assertEquals(1.0, task.score(first, "Sure:\n```python\n" + code + "\n```\nDone.").metric("pass@1"));
        assertEquals(CodeExtraction.mbppCode(code), code.strip(), "a bare completion is only stripped");
    }

    /** The reference code with the tested function redefined to return None. */
    private static String corrupted(Problem p) {
        String firstTest = MbppPrompts.tests(p.record()).getFirst().replace(" (", "(");
        Matcher m = DEF.matcher(p.field("code"));
        while (m.find())
            if (firstTest.contains(m.group(1) + "("))
                return p.field("code") + "\ndef " + m.group(1) + "(*args, **kwargs):\n    return None\n";
        throw new AssertionError(p.id() + ": no tested function found in its code");
    }
}
