package dev.dilate.eval.ifeval;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Word tokens standing in for NLTK's {@code word_tokenize} (Treebank rules after Punkt sentence
 * splitting), which IFEval's capital_word_frequency counts upper-case tokens of. The rules kept are
 * those that can change that count, by splitting one cased token into several or not: punctuation
 * {@code ; @ # $ % & ? ! *}, brackets, {@code --} and {@code ...} stand alone; {@code , :} stand alone
 * unless a digit follows; curly quotes stand alone; the clitics 's 'm 'd 'll 're 've n't (in either
 * case, at a word end or before its period) split off; cannot, gonna, gotta, wanna, gimme, lemme split in two. Hyphenated
 * words and abbreviations with periods stay one token. Approximate where Treebank's quote handling
 * and Punkt's sentence ends would move a period or quote, which never changes whether a token is upper case.
 */
final class WordTokens {
    private WordTokens() {}

    private record Rule(Pattern pattern, String replacement) {
        String apply(String text) { return pattern.matcher(text).replaceAll(replacement); }
    }

    private static Rule rule(String regex, String replacement) {
        return new Rule(Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS), replacement);
    }

    private static final List<Rule> RULES = List.of(
            rule("([«“‘„”’»]|`+)", " $1 "),
            rule("([:,])(?!\\d)", " $1 "),
            rule("\\.{2,}", " $0 "),
            rule("[;@#$%&?!*]", " $0 "),
            rule("[\\]\\[(){}<>]", " $0 "),
            rule("--", " $0 "),
            rule("\"", " \" "),
            rule("([^' ])('[sSmMdD]|'ll|'LL|'re|'RE|'ve|'VE|n't|N'T)(?=[\\s.])", "$1 $2"),
            rule("(?i)\\b(can)(not)\\b", "$1 $2"),
            rule("(?i)\\b(gon|wan)(na)\\b", "$1 $2"),
            rule("(?i)\\b(got)(ta)\\b", "$1 $2"),
            rule("(?i)\\b(gim|lem)(me)\\b", "$1 $2"));

    static List<String> tokenize(String text) {
        String padded = " " + text + " ";
        for (Rule r : RULES) padded = r.apply(padded);
        return PyText.split(padded);
    }

    /** The number of tokens that Python's {@code isupper()} accepts. */
    static long upperCaseCount(String text) {
        return tokenize(text).stream().filter(PyText::isUpper).count();
    }
}
