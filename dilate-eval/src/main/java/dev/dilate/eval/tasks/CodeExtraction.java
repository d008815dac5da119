package dev.dilate.eval.tasks;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** How the code is cut out of a model's answer, rule for rule as OpenCompass does it. */
public final class CodeExtraction {
    private CodeExtraction() {}

    private static final int FLAGS = Pattern.DOTALL | Pattern.UNICODE_CHARACTER_CLASS;
    /** OpenCompass humaneval_postprocess_v2: the first fenced block, language tag dropped. */
    private static final Pattern FENCED_BLOCK = Pattern.compile("```\\w*\\n(.*?)```", FLAGS);
    /** OpenCompass MBPPEvaluator._process_answer: the first of these that matches gives the code (group 1). */
    private static final List<Pattern> MBPP_ANSWER = Stream.of(
            "\\[BEGIN\\]\\s*'(.*)'\\s*\\[DONE\\]",
            "BEGIN\\s*'(.*)'\\s*\\[DONE\\]",
            "\\[BEGIN\\]\\s*'(.*)'\\s*DONE",
            "BEGIN\\s*'(.*)'\\s*DONE",
            "\\[BEGIN\\]\\s*'(.*)\\s*\\[DONE\\]",
            "BEGIN\\s*'(.*)\\s*\\[DONE\\]",
            "\\[BEGIN\\]\\s*'(.*)\\s*DONE",
            "BEGIN\\s*'(.*)\\s*DONE",
            "\\[BEGIN\\]\\s*(.*)\\s*\\[DONE\\]",
            "BEGIN\\s*(.*)\\s*\\[DONE\\]",
            "\\[BEGIN\\]\\s*(.*)\\s*DONE",
            "BEGIN\\s*(.*)\\s*DONE",
            "```python\\s*(.*)\\s*```",
            "```\\s*(.*)\\s*```",
            "```python\\s*(.*)\\s*$",
            "```\\s*(.*)\\s*$",
            "(.*)\\s*```.*",
            "\\[BEGIN\\]\\s*'(.*)",
            "\\[BEGIN\\](.*)",
            "'(.*)'\\s*\\[DONE\\]")
            .map(p -> Pattern.compile(p, FLAGS)).toList();
    private static final Pattern DONE = Pattern.compile("'?\\s*\\[?DONE\\]?", FLAGS);

    /** The first fenced code block of a HumanEval answer, left-stripped; the answer itself when it has none. */
    public static String humanEvalCode(String answer) {
        Matcher m = FENCED_BLOCK.matcher(answer);
        return m.find() ? lstrip(m.group(1)) : answer;
    }

    /** The code of an MBPP answer written in the [BEGIN] 'code' [DONE] style, or fenced, or bare. */
    public static String mbppCode(String answer) {
        String text = answer;
        for (Pattern p : MBPP_ANSWER) {
            Matcher m = p.matcher(text);
            if (m.find()) {
                text = m.group(1);
                break;
            }
        }
        int fence = text.indexOf("```");
        if (fence >= 0) text = text.substring(0, fence);
        Matcher done = DONE.matcher(text);
        if (done.find()) text = text.substring(0, done.start());
        return strip(text.replace("\\_", "_"));
    }

    /** Python's str.strip(): its whitespace includes the Unicode space separators that String.strip() keeps. */
    static String strip(String s) {
        int end = s.length();
        while (end > 0 && isPythonSpace(s.charAt(end - 1))) end--;
        return lstrip(s.substring(0, end));
    }

    static String lstrip(String s) {
        int start = 0;
        while (start < s.length() && isPythonSpace(s.charAt(start))) start++;
        return s.substring(start);
    }

    private static boolean isPythonSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }
}
