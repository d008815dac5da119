package dev.dilate.eval.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Judges generated English with a word-level Kneser-Ney model that never saw the generator:
 * the continuation's words (and the line ends it writes) are scored after the prompt's words as
 * context. Words are lowercased runs of letters and digits (with inner apostrophes); every other
 * visible character is a word of its own; each line is a sentence.
 */
public final class TextJudge {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['’][\\p{L}]+)*|\\S");
    /** The n-gram order: trigrams, since a corpus of about a million words supports little more. */
    public static final int ORDER = 3;

    private final KneserNey lm;

    public TextJudge(KneserNey lm) { this.lm = lm; }

    /** A judge estimated from training text, one sentence per line (blank lines ignored). */
    public static TextJudge trainedOn(List<String> lines) {
        List<List<String>> sentences = new ArrayList<>();
        for (String line : lines) {
            List<String> w = words(line);
            if (!w.isEmpty()) sentences.add(w);
        }
        return new TextJudge(new KneserNey(ORDER, sentences));
    }

    public KneserNey model() { return lm; }

    public static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(line.toLowerCase(Locale.ROOT));
        while (m.find()) out.add(m.group());
        return out;
    }

    /**
     * What the judge makes of {@code continuation} written after {@code prompt}.
     *
     * @param logProb sum of the natural-log probabilities of the scored tokens
     * @param scored  tokens scored: the continuation's words and the line ends inside it (or, when
     *                it has neither, one end of sentence right after the prompt: ending there)
     * @param words   the continuation's words in order
     * @param known   how many of them the judge's training text contains
     */
    public record Judgement(double logProb, int scored, List<String> words, int known) {

        /** Nats per scored token: the log of the generative perplexity. */
        public double nll() { return -logProb / scored; }

        /** Entropy in bits of the words' own frequency distribution (low when a sample repeats itself). */
        public double unigramEntropy() {
            Map<String, Integer> counts = new HashMap<>();
            for (String w : words) counts.merge(w, 1, Integer::sum);
            double h = 0;
            for (int c : counts.values()) {
                double p = (double) c / words.size();
                h -= p * Math.log(p) / Math.log(2);
            }
            return h;
        }

        /** Distinct n-grams over all n-grams of the words; 0 when there are none. */
        public double distinct(int n) {
            int total = words.size() - n + 1;
            if (total <= 0) return 0;
            Set<List<String>> seen = new HashSet<>();
            for (int i = 0; i < total; i++) seen.add(words.subList(i, i + n));
            return (double) seen.size() / total;
        }

        /** Share of the words found in the judge's training text; 1 when there are none. */
        public double knownShare() { return words.isEmpty() ? 1 : (double) known / words.size(); }
    }

    public Judgement judge(String prompt, String continuation) {
        String text = prompt + continuation;
        int from = prompt.length();
        double logProb = 0;
        int scored = 0, known = 0;
        List<String> generated = new ArrayList<>();
        List<String> history = new ArrayList<>(List.of("<s>"));
        int lineStart = 0;
        while (lineStart <= text.length()) {
            int newline = text.indexOf('\n', lineStart);
            int lineEnd = newline < 0 ? text.length() : newline;
            Matcher m = WORD.matcher(text.substring(lineStart, lineEnd).toLowerCase(Locale.ROOT));
            boolean anyWord = false;
            while (m.find()) {
                anyWord = true;
                if (lineStart + m.start() >= from) {
                    logProb += lm.logProb(history, m.group());
                    scored++;
                    generated.add(m.group());
                    if (lm.knows(m.group())) known++;
                }
                history.add(m.group());
            }
            if (newline < 0) break;
            if (anyWord && newline >= from) {           // the continuation ended this sentence
                logProb += lm.logProb(history, "</s>");
                scored++;
            }
            if (anyWord) history = new ArrayList<>(List.of("<s>"));
            lineStart = newline + 1;
        }
        if (scored == 0) {
            logProb = lm.logProb(history, "</s>");
            scored = 1;
        }
        return new Judgement(logProb, scored, generated, known);
    }
}
