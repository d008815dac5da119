package dev.dilate.eval.text;

import dev.dilate.eval.DataFiles;
import dev.dilate.eval.tasks.TextContinuation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class KneserNeyTest {
    private static final String PYTHON = System.getProperty("dilate.python", "python3");

    /** Sentences from the held-out Brown split: real text, small enough to estimate in a moment. */
    private static List<List<String>> sentences(int n) {
        List<List<String>> out = new ArrayList<>();
        for (String line : DataFiles.lines(Path.of("data", "text", "brown-valid.txt.gz"))) {
            List<String> w = TextJudge.words(line);
            if (!w.isEmpty()) out.add(w);
            if (out.size() == n) break;
        }
        return out;
    }

    @Test
    void everyContextsDistributionSumsToOne() {
        for (int order = 1; order <= 3; order++) {
            KneserNey lm = new KneserNey(order, sentences(400));
            List<String> vocabulary = vocabulary(sentences(400));
            for (List<String> history : List.of(List.of("<s>"), List.of("<s>", "the"), List.of("of", "the"),
                    List.of("said", "that"), List.of("never", "seen"), List.<String>of())) {
                double sum = 0;
                for (String w : vocabulary) sum += Math.exp(lm.logProb(history, w));
                assertEquals(1.0, sum, 1e-9, "order " + order + " after " + history);
            }
        }
    }

    @Test
    void agreesWithTheIndependentPythonReference(@TempDir Path dir) throws Exception {
        assumeTrue(pythonAvailable(), "SKIPPED: " + PYTHON + " is not available, so the independent reference cannot run");
        List<List<String>> train = sentences(1500);
        Files.write(dir.resolve("train.txt"), train.stream().map(s -> String.join(" ", s)).toList(), StandardCharsets.UTF_8);
        List<String> queries = new ArrayList<>();
        List<List<String>> histories = new ArrayList<>();
        List<String> words = new ArrayList<>();
        int i = 0;
        for (String line : DataFiles.lines(Path.of("data", "text", "brown-test.txt.gz"))) {   // unseen text: back-off and <unk> cases
            List<String> w = TextJudge.words(line);
            if (w.size() < 3 || i++ % 7 != 0) continue;
            for (int j = 0; j <= w.size(); j += 3) {
                List<String> h = new ArrayList<>(List.of("<s>"));
                h.addAll(w.subList(0, j));
                String next = j < w.size() ? w.get(j) : "</s>";
                histories.add(h);
                words.add(next);
                queries.add(String.join(" ", h) + " | " + next);
            }
            if (queries.size() > 600) break;
        }
        Files.write(dir.resolve("queries.txt"), queries, StandardCharsets.UTF_8);
        for (int order = 1; order <= 3; order++) {
            KneserNey lm = new KneserNey(order, train);
            Process p = new ProcessBuilder(PYTHON, "reference/kneser_ney.py", String.valueOf(order),
                    dir.resolve("train.txt").toString(), dir.resolve("queries.txt").toString()).redirectErrorStream(true).start();
            List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertEquals(0, p.waitFor(), String.join("\n", out));
            assertEquals(queries.size(), out.size());
            int unknown = 0;
            for (int q = 0; q < queries.size(); q++) {
                if (!lm.knows(words.get(q))) unknown++;
                assertEquals(Double.parseDouble(out.get(q)), lm.logProb(histories.get(q), words.get(q)), 1e-9,
                        "order " + order + ": " + queries.get(q));
            }
            assertTrue(unknown > 10, "the queries include unseen words");
        }
    }

    @Test
    void theJudgePrefersHumanContinuationsToShuffledOnes() {
        TextContinuation task = new TextContinuation(Path.of("data"));
        assertEquals(TextContinuation.PROBLEMS, task.problems().size());
        double human = 0, shuffled = 0;
        int n = 40;
        for (int i = 0; i < n; i++) {
            var problem = task.problems().get(i);
            human += task.scoreReference(problem).metric("nll");
            List<String> w = new ArrayList<>(List.of(problem.field("reference").trim().split("\\s+")));
            java.util.Collections.shuffle(w, new java.util.Random(i));
            shuffled += task.score(problem, " " + String.join(" ", w)).metric("nll");
        }
        assertTrue(human / n < shuffled / n - 0.5, "human " + human / n + " vs shuffled " + shuffled / n + " nats/word");
        double ppl = Math.exp(human / n);
        assertTrue(ppl > 50 && ppl < 2000, "a trigram model of a million words gives human text a perplexity in the hundreds, got " + ppl);
    }

    @Test
    void aRepeatingSampleHasLowEntropyAndFewDistinctBigrams() {
        TextJudge judge = TextJudge.trainedOn(List.of("the cat sat on the mat .", "a dog ran in the park ."));
        TextJudge.Judgement loop = judge.judge("the", " cat the cat the cat the cat");
        TextJudge.Judgement varied = judge.judge("the", " cat sat on a mat in the park");
        assertTrue(loop.unigramEntropy() < varied.unigramEntropy());
        assertTrue(loop.distinct(2) < varied.distinct(2));
        assertEquals(1.0, varied.distinct(1), 1e-12);
        assertEquals(8, varied.words().size());
        assertEquals(1.0, judge.judge("the", " cat\nsat").knownShare());
        assertEquals(3, judge.judge("the", " cat\nsat").scored(), "two words and the line end the continuation wrote");
        assertEquals(1, judge.judge("the cat", "").scored(), "an empty continuation is judged as ending there");
        assertThrows(IllegalArgumentException.class, () -> new KneserNey(4, List.of(List.of("a"))));
        assertThrows(IllegalArgumentException.class, () -> new KneserNey(2, List.of()));
    }

    private static List<String> vocabulary(List<List<String>> sentences) {
        java.util.LinkedHashSet<String> v = new java.util.LinkedHashSet<>(List.of("<unk>", "</s>"));
        sentences.forEach(v::addAll);
        return new ArrayList<>(v);
    }

    private static boolean pythonAvailable() {
        try {
            return new ProcessBuilder(PYTHON, "-c", "pass").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
