package dev.dilate.eval.ifeval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Python 3 {@code str} operations the IFEval checkers are written with. Java's versions differ at
 * the edges: {@code String.strip} keeps U+00A0, U+2007, U+202F and U+0085, which Python's
 * {@code isspace} counts as space, and Java has no {@code isupper}/{@code islower} on strings.
 */
final class PyText {
    private PyText() {}

    /** Python's {@code str.isspace} for one code point. */
    static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || cp == 0x85 || cp == 0xA0 || cp == 0x2007 || cp == 0x202F;
    }

    /** {@code s.strip()}. */
    static String strip(String s) {
        int from = 0, to = s.length();
        while (from < to && isSpace(s.codePointAt(from))) from += Character.charCount(s.codePointAt(from));
        while (to > from && isSpace(s.codePointBefore(to))) to -= Character.charCount(s.codePointBefore(to));
        return s.substring(from, to);
    }

    /** {@code s.strip(chars)}, {@code s.lstrip(chars)} and {@code s.rstrip(chars)} for BMP {@code chars}. */
    static String strip(String s, String chars) { return rstrip(lstrip(s, chars), chars); }

    static String lstrip(String s, String chars) {
        int from = 0;
        while (from < s.length() && chars.indexOf(s.charAt(from)) >= 0) from++;
        return s.substring(from);
    }

    static String rstrip(String s, String chars) {
        int to = s.length();
        while (to > 0 && chars.indexOf(s.charAt(to - 1)) >= 0) to--;
        return s.substring(0, to);
    }

    /** {@code s.split()}: the runs of non-space characters. */
    static List<String> split(String s) {
        List<String> words = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            while (i < s.length() && isSpace(s.codePointAt(i))) i += Character.charCount(s.codePointAt(i));
            int start = i;
            while (i < s.length() && !isSpace(s.codePointAt(i))) i += Character.charCount(s.codePointAt(i));
            if (i > start) words.add(s.substring(start, i));
        }
        return words;
    }

    /** {@code s.lower()} (full Unicode mapping, no locale). */
    static String lower(String s) { return s.toLowerCase(Locale.ROOT); }

    /** {@code s.isupper()}: some cased character, and none lowercase or titlecase. */
    static boolean isUpper(String s) { return cased(s, true); }

    /** {@code s.islower()}: some cased character, and none uppercase or titlecase. */
    static boolean isLower(String s) { return cased(s, false); }

    private static boolean cased(String s, boolean upper) {
        boolean sawCased = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            boolean isUp = Character.isUpperCase(cp), isLow = Character.isLowerCase(cp);
            if (Character.isTitleCase(cp) || (upper ? isLow : isUp)) return false;
            if (upper ? isUp : isLow) sawCased = true;
        }
        return sawCased;
    }
}
