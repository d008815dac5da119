package dev.dilate.eval.ifeval;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** The length_constraints:* instructions. */
final class LengthChecks {
    private LengthChecks() {}

    private static final Pattern DIVIDER = PyRegex.compile("\\s?\\*\\*\\*\\s?");
    private static final Pattern WORDS = PyRegex.compile(PyRegex.WORD + "+");
    private static final Pattern BLANK_LINE = PyRegex.compile("\n\n");

    /** length_constraints:number_sentences: the sentence count (see {@link Sentences}) against the relation. */
    static Check numberSentences(Kwargs k) {
        Relation relation = k.relation("relation");
        int n = k.integer("num_sentences");
        return r -> relation.holds(Sentences.count(r), n);
    }

    /**
     * length_constraints:number_paragraphs: exactly N paragraphs between "***" dividers; an empty piece
     * at either end is not counted, an empty one in the middle fails.
     */
    static Check numberParagraphs(Kwargs k) {
        int n = k.integer("num_paragraphs");
        return r -> {
            String[] pieces = DIVIDER.split(r, -1);
            int count = pieces.length;
            for (int i = 0; i < pieces.length; i++) {
                if (!PyText.strip(pieces[i]).isEmpty()) continue;
                if (i > 0 && i < pieces.length - 1) return false;
                count--;
            }
            return count == n;
        };
    }

    /** length_constraints:number_words: the number of {@code \w+} runs against the relation. */
    static Check numberWords(Kwargs k) {
        Relation relation = k.relation("relation");
        int n = k.integer("num_words");
        return r -> relation.holds(PyRegex.count(WORDS, r), n);
    }

    /**
     * length_constraints:nth_paragraph_first_word: N non-blank paragraphs between "\n\n", and the first
     * word of paragraph n, quotes stripped and cut at punctuation, is the given word. As in the
     * reference, n indexes the pieces with blank ones included while the count leaves them out.
     */
    static Check nthParagraphFirstWord(Kwargs k) {
        int paragraphs = k.integer("num_paragraphs");
        int nth = k.integer("nth_paragraph");
        if (nth < 1) throw new IllegalArgumentException("nth_paragraph must be at least 1, not " + nth);
        String expected = PyText.lower(k.string("first_word"));
        return r -> {
            String[] pieces = BLANK_LINE.split(r, -1);
            long count = Arrays.stream(pieces).filter(p -> !PyText.strip(p).isEmpty()).count();
            if (nth > count) return false;
            String paragraph = PyText.strip(pieces[nth - 1]);
            if (paragraph.isEmpty()) return false;
            return count == paragraphs && firstWord(paragraph).equals(expected);
        };
    }

    private static String firstWord(String paragraph) {
        List<String> words = PyText.split(paragraph);
        String word = PyText.lstrip(PyText.lstrip(words.getFirst(), "'"), "\"");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < word.length(); ) {
            int cp = word.codePointAt(i);
            if (".,?!'\"".indexOf(cp) >= 0) break;
            out.append(PyText.lower(Character.toString(cp)));
            i += Character.charCount(cp);
        }
        return out.toString();
    }
}
