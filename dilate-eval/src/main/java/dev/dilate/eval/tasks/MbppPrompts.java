package dev.dilate.eval.tasks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.dilate.session.Prompt;
import dev.dilate.tokenizer.ChatMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How an MBPP problem is put to a model. BASE is lm-evaluation-harness {@code mbpp}: three shots
 * (tasks 2, 3, 4 of the data file) each followed by its code and "[DONE]", then the problem and
 * "[BEGIN]". CHAT is OpenCompass {@code mbpp_gen_830460}: the same three tasks as chat turns,
 * written as that config writes them (its odd spaces and the code quoted between [BEGIN] and
 * [DONE] included), then the problem, and the answer begun with "[BEGIN]\n".
 */
final class MbppPrompts {
    static final List<Integer> SHOT_IDS = List.of(2, 3, 4);
    static final String ASSISTANT_PREFIX = "[BEGIN]\n";
    private static final String TASK = "You are an expert Python programmer, and here is your task: ";
    private static final String TESTS = " Your code should pass these tests:\n\n";
    /** Verbatim from OpenCompass's mbpp_gen_830460 config. */
    private static final List<ChatMessage> CHAT_SHOTS = List.of(
            ChatMessage.user("You are an expert Python programmer, and here is your task: Write a function to find the similar elements from the given two tuple lists. Your code should pass these tests:\n\n assert similar_elements((3, 4, 5, 6),(5, 7, 4, 10)) == (4, 5)\nassert similar_elements((1, 2, 3, 4),(5, 4, 3, 7)) == (3, 4) \nassert similar_elements((11, 12, 14, 13),(17, 15, 14, 13)) == (13, 14) \n"),
            ChatMessage.assistant("[BEGIN]\n 'def similar_elements(test_tup1, test_tup2):\r\n  res = tuple(set(test_tup1) & set(test_tup2))\r\n  return (res)' \n[DONE] \n\n "),
            ChatMessage.user("You are an expert Python programmer, and here is your task: Write a python function to identify non-prime numbers. Your code should pass these tests:\n\n assert is_not_prime(2) == False \nassert is_not_prime(10) == True \nassert is_not_prime(35) == True \n"),
            ChatMessage.assistant("[BEGIN]\n 'import math\r\ndef is_not_prime(n):\r\n    result = False\r\n    for i in range(2,int(math.sqrt(n)) + 1):\r\n        if n % i == 0:\r\n            result = True\r\n    return result' \n[DONE] \n\n "),
            ChatMessage.user("You are an expert Python programmer, and here is your task: Write a function to find the largest integers from a given list of numbers using heap queue algorithm. Your code should pass these tests:\n\n assert heap_queue_largest( [25, 35, 22, 85, 14, 65, 75, 22, 58],3)==[85, 75, 65] \nassert heap_queue_largest( [25, 35, 22, 85, 14, 65, 75, 22, 58],2)==[85, 75] \nassert heap_queue_largest( [25, 35, 22, 85, 14, 65, 75, 22, 58],5)==[85, 75, 65, 58, 35] \n"),
            ChatMessage.assistant("[BEGIN]\n 'import heapq as hq\r\ndef heap_queue_largest(nums,n):\r\n  largest_nums = hq.nlargest(n, nums)\r\n  return largest_nums' \n[DONE] \n\n "));

    private final String baseShots;

    /** {@code shots}: the records of tasks 2, 3 and 4, in that order. */
    MbppPrompts(List<JsonObject> shots) {
        baseShots = shots.stream().map(s -> baseQuery(s) + s.get("code").getAsString() + "\n[DONE]")
                .collect(Collectors.joining("\n\n", "", "\n\n"));
    }

    Prompt base(JsonObject record) {
        return Prompt.text(baseShots + baseQuery(record));
    }

    Prompt chat(JsonObject record) {
        List<ChatMessage> messages = new ArrayList<>(CHAT_SHOTS);
        messages.add(ChatMessage.user(TASK + record.get("text").getAsString() + TESTS + " "
                + String.join("\n", tests(record)) + "  \n"));
        return Prompt.chat(messages, ASSISTANT_PREFIX);
    }

    /** lm-eval's doc_to_text: the task, its first three asserts, and "[BEGIN]". */
    private static String baseQuery(JsonObject record) {
        List<String> tests = tests(record);
        return TASK + record.get("text").getAsString() + TESTS + String.join("\n", tests.subList(0, 3)) + "\n[BEGIN]\n";
    }

    static List<String> tests(JsonObject record) {
        JsonArray list = record.getAsJsonArray("test_list");
        List<String> out = new ArrayList<>();
        for (JsonElement e : list) out.add(e.getAsString());
        return out;
    }
}
