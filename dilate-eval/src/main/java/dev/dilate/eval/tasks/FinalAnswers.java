package dev.dilate.eval.tasks;

import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Minerva's {@code normalize_final_answer} (Lewkowycz et al. 2022, appendix D) in the two versions
 * the harnesses carry: lm-eval's, and OpenCompass's (which keeps text after {@code =}, maps
 * {@code \le} to {@code <}, and looks for "final answer is", {@code \boxed} and {@code $...$} in what
 * remains); plus lm-eval's reading of Minerva's "Final Answer: The final answer is X." sentence.
 */
final class FinalAnswers {
    private FinalAnswers() {}

    static final String INVALID = "[invalidanswer]";

    private static final Pattern MINERVA_SENTENCE = PythonRe.compile("Final Answer: The final answer is(.*?). I hope it is correct.");
    private static final String[][] SUBSTITUTIONS = {
            {"an ", ""}, {"a ", ""}, {".$", "$"}, {"\\$", ""}, {"\\ ", ""}, {" ", ""}, {"mbox", "text"},
            {",\\text{and}", ","}, {"\\text{and}", ","}, {"\\text{m}", "\\text{}"}};
    private static final List<String> REMOVED = List.of(
            "square", "ways", "integers", "dollars", "mph", "inches", "ft", "hours", "km", "units", "\\ldots", "sue",
            "points", "feet", "minutes", "digits", "cents", "degrees", "cm", "gm", "pounds", "meters", "meals", "edges",
            "students", "childrentickets", "multiples", "\\text{s}", "\\text{.}", "\\text{\ns}", "\\text{}^2", "\\text{}^3",
            "\\text{\n}", "\\text{}", "\\mathrm{th}", "^\\circ", "^{\\circ}", "\\;", ",\\!", "{,}", "\"", "\\dots");

    private static final Pattern MATH_SPAN = PythonRe.compile("(.*?)(\\$)(.*?)(\\$)(.*)");
    private static final Pattern TEXT_PARENS = PythonRe.compile("(\\\\text\\{)\\((.*?)\\)(\\})");
    private static final List<Pattern> UNWRAPPED = List.of(
            PythonRe.compile("(\\\\text\\{)(.*?)(\\})"), PythonRe.compile("(\\\\textbf\\{)(.*?)(\\})"),
            PythonRe.compile("(\\\\overline\\{)(.*?)(\\})"), PythonRe.compile("(\\\\boxed\\{)(.*)(\\})"));
    private static final List<Pattern> OPENCOMPASS_TAKES_LAST = List.of(
            PythonRe.compile("finalansweris(.*)"), PythonRe.compile("answer?is:?(.*)"),
            PythonRe.compile("oxed\\{(.*?)\\}"), PythonRe.compile("\\$(.*?)\\$"));
    private static final Pattern FRAC_SHORTHAND = PythonRe.compile("(frac)([^{])(.)");
    private static final Pattern SQRT_SHORTHAND = PythonRe.compile("(sqrt)([^{])");

    /** lm-eval's {@code get_unnormalized_answer}: X of "Final Answer: The final answer is X. I hope it is correct.", else {@link #INVALID}. */
    static String minervaSentence(String completion) {
        Matcher m = MINERVA_SENTENCE.matcher(completion + "I hope it is correct.");
        return m.find() ? PythonRe.strip(m.group(1)) : INVALID;
    }

    /** lm-eval minerva_math's {@code normalize_final_answer}. */
    static String minerva(String answer) {
        String s = answer.substring(answer.lastIndexOf('=') + 1);
        s = removeExpressions(substitute(s));
        s = PythonRe.sub(MATH_SPAN, s, m -> "$" + m.group(3) + "$");
        s = unwrap(s);
        return shorthandAndDigits(s);
    }

    /** OpenCompass's {@code normalize_final_answer} (opencompass/datasets/math.py). */
    static String openCompass(String answer) {
        String s = substitute(answer).replace("\\le", "<");
        s = removeExpressions(s).replace("\n", "").replace("\r", "").replace("\f", "");
        s = PythonRe.sub(TEXT_PARENS, s, m -> m.group(2));
        s = unwrap(s);
        for (Pattern p : OPENCOMPASS_TAKES_LAST) {
            List<MatchResult> found = PythonRe.findAll(p, s);
            if (!found.isEmpty()) s = found.getLast().group(1);
        }
        s = PythonRe.strip(s);
        if (s.contains("rac") && !s.contains("\\frac")) s = s.replace("rac", "\\frac");
        return shorthandAndDigits(s);
    }

    private static String substitute(String s) {
        for (String[] pair : SUBSTITUTIONS) s = s.replace(pair[0], pair[1]);
        return s;
    }

    private static String removeExpressions(String s) {
        for (String expression : REMOVED) s = s.replace(expression, "");
        return s;
    }

    /** Keeps what \text{}, \textbf{}, \overline{} and \boxed{} wrap. */
    private static String unwrap(String s) {
        for (Pattern p : UNWRAPPED) s = PythonRe.sub(p, s, m -> m.group(2));
        return s;
    }

    /** {@code \fracab -> \frac{a}{b}}, {@code \sqrta -> \sqrt{a}}, no {@code $}, and 100,000 -> 100000. */
    private static String shorthandAndDigits(String s) {
        s = PythonRe.sub(FRAC_SHORTHAND, s, m -> "frac{" + m.group(2) + "}{" + m.group(3) + "}");
        s = PythonRe.sub(SQRT_SHORTHAND, s, m -> "sqrt{" + m.group(2) + "}");
        s = s.replace("$", "");
        String digits = s.replace(",", "");
        return PythonRe.isDigits(digits) ? digits : s;
    }
}
