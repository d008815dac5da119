package dev.dilate.eval.ifeval;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python 3 {@code re} semantics on java.util.regex. Java's Unicode {@code \w} also takes combining
 * marks, Python's does not (it is letters, numbers and "_"), so {@code \w} and {@code \b} are spelled
 * out; {@code UNIX_LINES} makes {@code .}, {@code ^} and {@code $} see only "\n" as a line end, as Python does.
 */
final class PyRegex {
    private PyRegex() {}

    /** Python's {@code \w}. */
    static final String WORD = "[\\p{L}\\p{N}_]";

    /** Python's {@code \b}: a word character on exactly one side. */
    static final String BOUNDARY = "(?:(?<=" + WORD + ")(?!" + WORD + ")|(?<!" + WORD + ")(?=" + WORD + "))";

    /** Flags giving Python's defaults for {@code \s}, {@code \d} and line ends. */
    static final int FLAGS = Pattern.UNICODE_CHARACTER_CLASS | Pattern.UNIX_LINES;

    /** {@code re.compile(regex, re.IGNORECASE)}. */
    static Pattern ignoringCase(String regex) {
        return Pattern.compile(regex, FLAGS | Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    static Pattern compile(String regex) { return Pattern.compile(regex, FLAGS); }

    static Pattern multiline(String regex) { return Pattern.compile(regex, FLAGS | Pattern.MULTILINE); }

    /** {@code len(re.findall(pattern, text))}: non-overlapping matches. */
    static int count(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }
}
