package dev.dilate.eval.tasks;

import java.util.List;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's {@code re} and {@code str} semantics on top of java.util.regex, for rules ported from
 * the reference harnesses: {@code .} stops only at {@code \n}, and {@code \d \w \s} are Unicode.
 */
final class PythonRe {
    private PythonRe() {}

    static Pattern compile(String regex) {
        return Pattern.compile(regex, Pattern.UNIX_LINES | Pattern.UNICODE_CHARACTER_CLASS);
    }

    /** {@code re.findall} as match results (callers pick groups, as Python's tuples would). */
    static List<MatchResult> findAll(Pattern p, String s) {
        return p.matcher(s).results().toList();
    }

    /** {@code re.sub} with a replacement computed from each match (no {@code $} or {@code \} escaping pitfalls). */
    static String sub(Pattern p, String s, Function<MatchResult, String> replacement) {
        return p.matcher(s).replaceAll(m -> Matcher.quoteReplacement(replacement.apply(m)));
    }

    /** {@code re.sub(p, '', s)}. */
    static String remove(Pattern p, String s) {
        return p.matcher(s).replaceAll("");
    }

    /** {@code str.isspace} for one character: whitespace by Python's Unicode rules. */
    static boolean isSpace(char c) {
        return Character.isSpaceChar(c) || (c >= '\t' && c <= '\r') || (c >= '\u001c' && c <= '\u001f') || c == '\u0085';
    }

    /** {@code str.strip()}. */
    static String strip(String s) {
        int from = 0, to = s.length();
        while (from < to && isSpace(s.charAt(from))) from++;
        while (to > from && isSpace(s.charAt(to - 1))) to--;
        return s.substring(from, to);
    }

    /**
     * {@code str.isdigit()}: non-empty and every character a digit, Unicode decimal digits and the
     * other digit characters Python counts (superscripts, circled digits: numeric value 0 to 9).
     */
    static boolean isDigits(String s) {
        if (s.isEmpty()) return false;
        return s.codePoints().allMatch(c -> Character.getType(c) == Character.DECIMAL_DIGIT_NUMBER
                || (Character.getType(c) == Character.OTHER_NUMBER && Character.getNumericValue(c) >= 0 && Character.getNumericValue(c) <= 9));
    }

    /** {@code len(s)}: code points, not UTF-16 units. */
    static int length(String s) {
        return s.codePointCount(0, s.length());
    }
}
