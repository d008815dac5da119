package dev.dilate.eval.tasks;

import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * OpenCompass's MATH scoring, version 2: {@code math_postprocess_v2} reads the prediction (its
 * boxed answer, else its answer sentence) and {@code MATHEvaluator(version='v2').is_equiv}
 * compares it with the reference by {@code _strip_string_v2} and {@code normalize_final_answer}
 * (opencompass/datasets/math.py).
 */
final class OpenCompassMath {
    private OpenCompassMath() {}

    private static final Pattern ANSWER_SENTENCE = PythonRe.compile("final answer|answer is");
    private static final Pattern TRAILING_TEXT = PythonRe.compile("\\\\text\\{.*?\\}$");
    private static final Pattern MBOX = PythonRe.compile("\\\\mbox\\{.*?\\}");
    private static final Pattern ZEROS_BEFORE_OTHER = PythonRe.compile("(\\d+)\\.0+([^\\d])");
    private static final Pattern ZEROS_AT_END = PythonRe.compile("(\\d+)\\.0+$");
    private static final Pattern SQRT_WORD = PythonRe.compile("\\\\sqrt(\\w+)");
    private static final Pattern PYTHON_INT = PythonRe.compile("[+-]?\\d+(_\\d+)*");

    /** math_postprocess_v2's first choice: the last \boxed{} content, unless empty; null when there is none. */
    static String boxed(String completion) {
        String answer = Boxed.openCompass(completion, true);
        return answer == null || answer.isEmpty() ? null : answer;
    }

    /** math_postprocess_v2's fallback: the first '.'-separated piece naming the answer, else the first piece, normalised. */
    static String sentence(String completion) {
        String[] pieces = completion.split(Pattern.quote("."), -1);
        for (String piece : pieces)
            if (ANSWER_SENTENCE.matcher(piece.toLowerCase(Locale.ROOT)).find()) return FinalAnswers.openCompass(piece);
        return FinalAnswers.openCompass(pieces[0]);
    }

    /** {@code MATHEvaluator.is_equiv} with version v2; a null reference (no boxed answer) matches nothing. */
    static boolean equivalent(String prediction, String reference) {
        if (reference == null) return false;
        try {
            String a = strip(prediction), b = strip(reference);
            if (a.equals(b) || FinalAnswers.openCompass(a).equals(FinalAnswers.openCompass(b))) return true;
        } catch (NumberFormatException e) {
            // _fix_a_slash_b's int() failed: OpenCompass skips to the unstripped comparison.
        }
        return FinalAnswers.openCompass(prediction).equals(FinalAnswers.openCompass(reference)) || prediction.equals(reference);
    }

    /** {@code _strip_string_v2}; throws NumberFormatException where Python's int() raises in {@code _fix_a_slash_b}. */
    static String strip(String answer) {
        String s = PythonRe.strip(answer).replace("\n", "");
        s = rstripDots(s);
        s = s.replace("\\!", "").replace("\\ ", "");
        s = s.replace("\\\\", "\\").replace("\\\\", "\\");
        s = s.replace("tfrac", "frac").replace("dfrac", "frac");
        s = s.replace("\\left", "").replace("\\right", "");
        String unitless = PythonRe.strip(PythonRe.remove(TRAILING_TEXT, s));  // a unit such as \text{ cm} at the end
        if (!unitless.isEmpty() && !unitless.equals(s)) s = unitless;
        s = s.replace("^{\\circ}", "").replace("^\\circ", "");
        s = s.replace("\\$", "").replace("$", "");
        s = s.replace("\\text", "").replace("x\\in", "");
        s = s.replace("\\%", "").replace("%", "");
        s = s.replace(" .", " 0.").replace("{.", "{0.");
        s = s.replace("\\cdot", "");
        s = s.replace("infinity", "\\infty");
        if (!s.contains("\\infty")) s = s.replace("inf", "\\infty");
        s = s.replace("+\\inity", "\\infty");
        s = s.replace("and", "").replace("\\mathbf", "");
        s = PythonRe.remove(MBOX, s);
        // (OpenCompass's quote removal discards its result, so quotes stay.)
        if (s.contains("j") && !s.contains("i")) s = s.replace("j", "i");
        s = PythonRe.sub(ZEROS_BEFORE_OTHER, s, m -> m.group(1) + m.group(2));
        s = PythonRe.sub(ZEROS_AT_END, s, m -> m.group(1));
        if (s.isEmpty()) return s;
        if (s.charAt(0) == '.') s = "0" + s;
        String[] sides = s.split("=", -1);
        if (sides.length == 2 && PythonRe.length(sides[0]) <= 2) s = sides[1];  // "k = 5"
        s = PythonRe.sub(SQRT_WORD, s, m -> "\\sqrt{" + m.group(1) + "}");
        s = s.replace(" ", "");
        s = fixFracs(s);
        return fixSlash(s);
    }

    private static String rstripDots(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '.') end--;
        return s.substring(0, end);
    }

    /** {@code _fix_fracs}: \frac12 -> \frac{1}{2}, \frac1{72} -> \frac{1}{72}; unchanged when a \frac has under two characters after it. */
    private static String fixFracs(String s) {
        String[] parts = s.split(Pattern.quote("\\frac"), -1);
        StringBuilder out = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            out.append("\\frac");
            if (!part.isEmpty() && part.charAt(0) == '{') {
                out.append(part);
                continue;
            }
            if (PythonRe.length(part) < 2) return s;
            int second = part.offsetByCodePoints(0, 1), rest = part.offsetByCodePoints(second, 1);
            String a = part.substring(0, second), b = part.substring(second, rest);
            out.append('{').append(a).append('}').append(b.equals("{") ? b : "{" + b + "}").append(part.substring(rest));
        }
        return out.toString();
    }

    /** {@code _fix_a_slash_b}: "3/4" -> \frac{3}{4} when both sides are integers written canonically. */
    private static String fixSlash(String s) {
        String[] parts = s.split("/", -1);
        if (parts.length != 2) return s;
        BigInteger a = pythonInt(parts[0]), b = pythonInt(parts[1]);
        return s.equals(a + "/" + b) ? "\\frac{" + a + "}{" + b + "}" : s;
    }

    /** Python's {@code int(str)}: surrounding whitespace, a sign, Unicode digits, single underscores between digits. */
    private static BigInteger pythonInt(String text) {
        String t = PythonRe.strip(text);
        if (!PYTHON_INT.matcher(t).matches()) throw new NumberFormatException("invalid literal for int(): '" + text + "'");
        return new BigInteger(t.replace("_", ""));
    }
}
