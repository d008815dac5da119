package dev.dilate.eval.tasks;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * How GSM8K answers are read from a completion and compared: lm-evaluation-harness's
 * {@code strict-match} and {@code flexible-extract} filters with its {@code exact_match} ignore
 * rules, and OpenCompass's {@code gsm8k_postprocess} with {@code Gsm8kEvaluator}.
 */
final class Gsm8kAnswers {
    private Gsm8kAnswers() {}

    /** lm-eval's filter fallback when the regex finds nothing. */
    static final String INVALID = "[invalid]";
    /** OpenCompass's prediction when there is no number. */
    static final String NULL = "NULL";

    private static final Pattern STRICT = PythonRe.compile("#### (\\-?[0-9\\.\\,]+)");
    private static final Pattern FLEXIBLE = PythonRe.compile("(-?[$0-9.,]{2,})|(-?[0-9]+)");
    private static final Pattern OPENCOMPASS_NUMBER = PythonRe.compile("\\-?\\d+\\.\\d+|\\-?\\d+");
    /** exact_match's regexes_to_ignore, applied in order to prediction and reference alike. */
    private static final List<Pattern> IGNORED = List.of(
            PythonRe.compile(","), PythonRe.compile("\\$"), PythonRe.compile("(?s).*#### "), PythonRe.compile("\\.$"));

    /** strict-match: the first {@code #### N}. */
    static String strict(String completion) {
        List<MatchResult> found = PythonRe.findAll(STRICT, completion);
        return found.isEmpty() ? INVALID : PythonRe.strip(found.getFirst().group(1));
    }

    /** flexible-extract: the last number-like run; of its two alternatives, the one that matched. */
    static String flexible(String completion) {
        List<MatchResult> found = PythonRe.findAll(FLEXIBLE, completion);
        if (found.isEmpty()) return INVALID;
        MatchResult last = found.getLast();
        String group = last.group(1) != null && !last.group(1).isEmpty() ? last.group(1) : last.group(2);
        return group == null || group.isEmpty() ? INVALID : PythonRe.strip(group);
    }

    /** lm-eval exact_match (ignore_case, regexes_to_ignore) against the dataset's full {@code answer}. */
    static boolean lmEvalMatch(String prediction, String answer) {
        return ignoring(prediction).equals(ignoring(answer));
    }

    private static String ignoring(String s) {
        for (Pattern p : IGNORED) s = PythonRe.remove(p, s);
        return s.toLowerCase(Locale.ROOT);
    }

    /** OpenCompass gsm8k_postprocess: the last number before any {@code Question:}, else {@link #NULL}. */
    static String openCompass(String completion) {
        int cut = completion.indexOf("Question:");
        String head = cut < 0 ? completion : completion.substring(0, cut);
        List<MatchResult> found = PythonRe.findAll(OPENCOMPASS_NUMBER, head);
        return found.isEmpty() ? NULL : found.getLast().group();
    }

    /** OpenCompass's reference: the text after {@code #### } without commas. */
    static String openCompassReference(String answer) {
        int from = answer.indexOf("#### ");
        if (from < 0) throw new IllegalArgumentException("GSM8K answer without '#### ': " + answer);
        from += "#### ".length();
        int to = answer.indexOf("#### ", from);  // split('#### ')[1] ends at a second marker
        return answer.substring(from, to < 0 ? answer.length() : to).replace(",", "");
    }

    /** Gsm8kEvaluator.is_equal: the same string, or within 1e-6 of the integer reference. */
    static boolean openCompassMatch(String prediction, String reference) {
        if (prediction.equals(reference)) return true;
        try {
            // BigDecimal and BigInteger read Unicode digits, as Python's float() and int() do.
            return Math.abs(new BigDecimal(prediction).doubleValue() - new BigInteger(reference).doubleValue()) < 1e-6;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
