package dev.dilate.eval.ifeval;

import java.util.List;
import java.util.regex.Pattern;

/** The keywords:* instructions. Keywords are regular expressions, as the reference passes them to {@code re}. */
final class KeywordChecks {
    private KeywordChecks() {}

    /** keywords:existence: every keyword occurs, ignoring case. */
    static Check existence(Kwargs k) {
        List<Pattern> keywords = k.strings("keywords").stream().map(PyRegex::ignoringCase).toList();
        return r -> keywords.stream().allMatch(p -> p.matcher(r).find());
    }

    /** keywords:frequency: occurrences of the keyword, ignoring case, against the relation. */
    static Check frequency(Kwargs k) {
        Pattern keyword = PyRegex.ignoringCase(PyText.strip(k.string("keyword")));
        Relation relation = k.relation("relation");
        int frequency = k.integer("frequency");
        return r -> relation.holds(PyRegex.count(keyword, r), frequency);
    }

    /** keywords:forbidden_words: no forbidden word as a whole word, ignoring case. */
    static Check forbiddenWords(Kwargs k) {
        List<Pattern> words = k.strings("forbidden_words").stream()
                .map(w -> PyRegex.ignoringCase(PyRegex.BOUNDARY + w + PyRegex.BOUNDARY)).toList();
        return r -> words.stream().noneMatch(p -> p.matcher(r).find());
    }

    /** keywords:letter_frequency: occurrences of the letter in the lower-cased response, against the relation. */
    static Check letterFrequency(Kwargs k) {
        String letter = PyText.lower(PyText.strip(k.string("letter")));
        if (letter.codePointCount(0, letter.length()) != 1)
            throw new IllegalArgumentException("letter_frequency needs one letter, not '" + letter + "'");
        int cp = letter.codePointAt(0);
        Relation relation = k.relation("let_relation");
        int frequency = k.integer("let_frequency");
        return r -> relation.holds(PyText.lower(r).codePoints().filter(c -> c == cp).count(), frequency);
    }
}
