package dev.dilate.eval.ifeval;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Sentence count standing in for NLTK's Punkt tokenizer with its trained English model, which IFEval's
 * number_sentences uses and which is not available here. This is an approximation of Punkt's decisions,
 * not a port: a sentence ends after a whitespace-delimited token ending in {@code . ? !} (closing quotes,
 * brackets and {@code *} after it allowed) that is followed by whitespace, except
 * <ul>
 *   <li>after a title (Mr., Dr., Prof., ...), never;</li>
 *   <li>after another common abbreviation (etc., e.g., U.S., Jan., ...), an initial (J.) or an ellipsis,
 *       only when the next word is a capitalised common word (Punkt's orthographic heuristic: a word
 *       usually seen in lower case that is capitalised must start a sentence); names do not qualify;</li>
 *   <li>after a number with a period (the "3." of a list), not when the next word is lower case.</li>
 * </ul>
 * Like Punkt, line breaks alone do not end sentences, "?" and "!" always do, and decimals (no space
 * after the period) never do. Punkt's learned abbreviation list and word statistics make it differ on
 * rarer abbreviations and on capitalised words after initials.
 */
final class Sentences {
    private Sentences() {}

    private static final Set<String> TITLES = Set.of("mr", "mrs", "ms", "messrs", "dr", "prof", "st", "mt", "rev",
            "gen", "gov", "sen", "rep", "pres", "capt", "lt", "col", "sgt", "maj", "hon", "fr", "supt");

    private static final Set<String> ABBREVIATIONS = Set.of("etc", "e.g", "i.e", "vs", "approx", "inc", "ltd", "co",
            "corp", "jr", "sr", "no", "nos", "vol", "fig", "figs", "eq", "al", "est", "dept", "univ", "ca", "cf", "viz",
            "ed", "eds", "pp", "a.m", "p.m", "u.s", "u.k", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
            "sept", "oct", "nov", "dec");

    /** Words usually written in lower case, so a capitalised one marks a sentence start. */
    private static final Set<String> STARTERS = Set.of("the", "a", "an", "this", "that", "these", "those", "it",
            "its", "he", "she", "they", "we", "you", "there", "here", "but", "and", "or", "so", "however", "in", "on",
            "at", "for", "if", "when", "while", "as", "after", "before", "then", "also", "what", "how", "why", "where",
            "who", "my", "our", "your", "his", "her", "their", "to", "with", "from", "by", "of", "not", "all", "some",
            "many", "most", "one", "each", "every", "another", "other", "such", "although", "because", "since",
            "thus", "therefore", "moreover", "finally", "first", "next", "now", "yes", "please", "let", "is", "are",
            "was", "were", "do", "does", "did", "can", "will", "would", "should", "could", "may", "might");

    private static final String OPENERS = "\"'“‘([{*_";
    private static final String CLOSERS = "\"'”’)]}*_";
    private static final Pattern NUMBER = Pattern.compile("[-+]?\\d[\\d,.]*");
    private static final Pattern INITIALS = Pattern.compile("(\\p{L}\\.)*\\p{L}");

    /** The number of sentences in {@code text}; 0 when it is blank. */
    static int count(String text) {
        List<String> tokens = PyText.split(text);
        if (tokens.isEmpty()) return 0;
        int sentences = 1;
        for (int t = 0; t + 1 < tokens.size(); t++)
            if (endsSentence(tokens.get(t), tokens.get(t + 1))) sentences++;
        return sentences;
    }

    private static boolean endsSentence(String token, String next) {
        String core = PyText.rstrip(token, CLOSERS);
        if (core.isEmpty()) return false;
        char last = core.charAt(core.length() - 1);
        if (last == '?' || last == '!') return true;
        if (last != '.') return false;
        if (core.endsWith("..")) return startsSentence(next);
        String word = PyText.lower(PyText.lstrip(core.substring(0, core.length() - 1), OPENERS));
        if (TITLES.contains(word)) return false;
        if (ABBREVIATIONS.contains(word) || INITIALS.matcher(word).matches()) return startsSentence(next);
        if (NUMBER.matcher(word).matches()) return !startsLowerCase(next);
        return true;
    }

    private static boolean startsSentence(String next) {
        String word = PyText.lstrip(next, OPENERS);
        if (word.isEmpty() || !Character.isUpperCase(word.codePointAt(0))) return false;
        int end = 0;
        while (end < word.length() && Character.isLetter(word.charAt(end))) end++;
        return STARTERS.contains(PyText.lower(word.substring(0, end)));
    }

    private static boolean startsLowerCase(String next) {
        String word = PyText.lstrip(next, OPENERS);
        return !word.isEmpty() && Character.isLowerCase(word.codePointAt(0));
    }
}
