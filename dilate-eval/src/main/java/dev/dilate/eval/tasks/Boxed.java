package dev.dilate.eval.tasks;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The content of the last {@code \boxed{...}} of a text, by brace matching, as the reference harnesses read it. */
final class Boxed {
    private Boxed() {}

    private static final Pattern DOUBLE_BRACES = PythonRe.compile("^\\{(.*)\\}$");

    /**
     * lm-eval minerva_math's {@code remove_boxed(last_boxed_only_string(s))}, used on reference
     * solutions; also reads the {@code \boxed 5$} form. A clear error when there is no boxed answer,
     * where lm-eval's asserts fail.
     */
    static String lmEval(String s) {
        String spaced = "\\boxed ";
        if (s.contains(spaced)) {
            String tail = s.substring(s.lastIndexOf(spaced) + spaced.length());
            int dollar = tail.indexOf('$');
            return dollar < 0 ? tail : tail.substring(0, dollar);
        }
        String boxed = lastBoxedOnly(s);
        if (boxed == null || !boxed.startsWith("\\boxed{"))
            throw new IllegalArgumentException("no \\boxed{...} answer in: " + s);
        return boxed.substring("\\boxed{".length(), boxed.length() - 1);
    }

    /**
     * OpenCompass's {@code extract_boxed_answer}: the content, with one outer pair of braces dropped
     * when {@code stripDoubleBraces}; null when there is no complete {@code \boxed{...}}.
     */
    static String openCompass(String s, boolean stripDoubleBraces) {
        String boxed = lastBoxedOnly(s);
        if (boxed == null || !boxed.startsWith("\\boxed{")) return null;
        String answer = boxed.substring("\\boxed{".length(), boxed.length() - 1);
        if (stripDoubleBraces) {
            Matcher m = DOUBLE_BRACES.matcher(answer);
            if (m.find()) answer = m.group(1);
        }
        return answer;
    }

    /** {@code last_boxed_only_string}: from the last \boxed (else \fbox) to the brace closing its first one. */
    private static String lastBoxedOnly(String s) {
        int start = s.lastIndexOf("\\boxed");
        if (start < 0) start = s.lastIndexOf("\\fbox");
        if (start < 0) return null;
        int open = 0;
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{') open++;
            if (c == '}' && --open == 0) return s.substring(start, i + 1);
        }
        return null;
    }
}
