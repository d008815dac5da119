package dev.dilate.eval.tasks;

import com.google.gson.JsonObject;
import dev.dilate.eval.DataFiles;
import dev.dilate.eval.Problem;
import dev.dilate.eval.PromptStyle;
import dev.dilate.eval.Score;
import dev.dilate.eval.Task;
import dev.dilate.eval.text.TextJudge;
import dev.dilate.session.Prompt;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Task {@code text}: continue English from the Brown corpus's test documents, judged by a
 * Kneser-Ney trigram model estimated on the training documents only. Each prompt is a sentence
 * followed by the first {@value #PROMPT_WORDS} words of the next; the human continuation (the rest
 * of that sentence and what follows, about {@value #REFERENCE_WORDS} words) is kept as the
 * reference, so the judge's figures for human text come from the same prompts.
 * Metrics per problem: {@code nll} (nats per judged word, the log of the generative perplexity),
 * {@code entropy} (bits, of the sample's own word frequencies), {@code distinct1}/{@code distinct2},
 * {@code known} (share of words seen in training) and {@code words}; the aggregate adds
 * {@code ppl} = exp(mean nll).
 */
public final class TextContinuation implements Task {
    public static final String TRAIN = "text/brown-train.txt.gz", TEST = "text/brown-test.txt.gz";
    private static final String SOURCE = "the Brown corpus (scripts/text-corpus.sh writes the splits; data/README.md)";
    static final int PROMPT_WORDS = 6, REFERENCE_WORDS = 50, MIN_SENTENCE_WORDS = 12;
    /** Problems drawn evenly over the test documents. */
    public static final int PROBLEMS = 200;
    /** The judge takes a few seconds to estimate: one per training file for the life of the JVM (sweeps make many tasks). */
    private static final Map<Path, TextJudge> JUDGES = new ConcurrentHashMap<>();

    private final List<Problem> problems;
    private final TextJudge judge;

    public TextContinuation(Path data) {
        Path train = DataFiles.require(data, TRAIN, SOURCE);
        this.problems = problems(DataFiles.lines(DataFiles.require(data, TEST, SOURCE)));
        this.judge = JUDGES.computeIfAbsent(train.toAbsolutePath().normalize(), p -> TextJudge.trainedOn(DataFiles.lines(p)));
    }

    /** Sentences of at least {@value #MIN_SENTENCE_WORDS} words that follow another in their document, taken evenly. */
    static List<Problem> problems(List<String> lines) {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++)
            if (!lines.get(i - 1).isBlank() && lines.get(i).split("\\s+").length >= MIN_SENTENCE_WORDS) candidates.add(i);
        if (candidates.size() < PROBLEMS) throw new IllegalArgumentException("the test text has only " + candidates.size() + " usable sentences");
        List<Problem> out = new ArrayList<>();
        for (int p = 0; p < PROBLEMS; p++) {
            int i = candidates.get((int) ((long) p * candidates.size() / PROBLEMS));
            String[] words = lines.get(i).trim().split("\\s+");
            String opening = String.join(" ", List.of(words).subList(0, PROMPT_WORDS));
            StringBuilder reference = new StringBuilder(" " + String.join(" ", List.of(words).subList(PROMPT_WORDS, words.length)));
            int count = words.length - PROMPT_WORDS;
            for (int j = i + 1; j < lines.size() && !lines.get(j).isBlank() && count < REFERENCE_WORDS; j++) {
                reference.append('\n').append(lines.get(j).trim());
                count += lines.get(j).trim().split("\\s+").length;
            }
            JsonObject record = new JsonObject();
            record.addProperty("prompt", lines.get(i - 1).trim() + "\n" + opening);
            record.addProperty("reference", reference.toString());
            out.add(new Problem("brown-test-" + (i + 1), record));
        }
        return out;
    }

    @Override public String name() { return "text"; }

    @Override public List<Problem> problems() { return problems; }

    /** Plain text whatever the style: continuing prose is a base model's job. */
    @Override public Prompt prompt(Problem problem, PromptStyle style) { return Prompt.text(problem.field("prompt")); }

    @Override public List<String> stops(PromptStyle style) { return List.of(); }

    @Override
    public Score score(Problem problem, String completion) {
        TextJudge.Judgement j = judge.judge(problem.field("prompt"), completion);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("nll", j.nll());
        m.put("entropy", j.unigramEntropy());
        m.put("distinct1", j.distinct(1));
        m.put("distinct2", j.distinct(2));
        m.put("known", j.knownShare());
        m.put("words", (double) j.words().size());
        return new Score(m, completion);
    }

    /** The judge's figures for the human continuation of the same prompt. */
    public Score scoreReference(Problem problem) { return score(problem, problem.field("reference")); }

    @Override public String primaryMetric() { return "nll"; }

    @Override public boolean higherIsBetter() { return false; }

    @Override
    public Map<String, Double> aggregate(List<Score> scores) {
        Map<String, Double> means = Task.super.aggregate(scores);
        means.put("ppl", Math.exp(means.getOrDefault("nll", Double.NaN)));
        return means;
    }
}
