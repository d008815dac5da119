package dev.dilate.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.dilate.eval.DataFiles;
import dev.dilate.eval.Problem;
import dev.dilate.eval.PromptStyle;
import dev.dilate.eval.Score;
import dev.dilate.eval.Task;
import dev.dilate.eval.report.Summary;
import dev.dilate.eval.run.Tasks;
import dev.dilate.format.Json;
import dev.dilate.generate.StopRule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score completions produced anywhere (the official Python code on a GPU, another harness) with the scorers eval uses.",
                "--in holds one JSON object a line: {\"id\" (or \"problem\"): the task's problem id, \"completion\": the text}.",
                "Writes one JSON line per completion (every metric, what the scorer extracted) and prints the means with standard errors on stderr."})
final class ScoreCommand implements Callable<Integer> {
    @Option(names = "--task", required = true, description = "task: ${COMPLETION-CANDIDATES}", completionCandidates = EvalCommand.TaskNames.class)
    String task;
    @Option(names = "--in", required = true, description = "completions, JSON lines")
    Path in;
    @Option(names = {"--out", "-o"}, description = "scored JSON lines (default: stdout)")
    Path out;
    @Option(names = "--cut", description = "first cut each completion at the task's stop strings for this prompt style (chat or base), as eval does; default: scored as given")
    String cut;
    @Option(names = "--data", description = "benchmark data folder (default: $DILATE_DATA, else the project's data/)")
    Path data;
    @Option(names = "--workers", defaultValue = "4", description = "completions scored at once (code runs in the sandbox) (default: ${DEFAULT-VALUE})")
    int workers;

    /** One line of --in: which problem (and its position in the task), what to score. */
    private record Completion(Problem problem, int index, String text) {}

    @Override
    public Integer call() throws Exception {
        if (workers < 1) throw new IllegalArgumentException("--workers must be at least 1");
        Task t = Tasks.create(task, data != null ? data : DataFiles.defaultFolder(), null);
        List<String> stops = cut == null ? List.of() : t.stops(PromptStyle.parse("--cut", cut));
        List<Completion> completions = read(t);
        List<Score> scores = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(workers)) {
            List<Future<Score>> futures = new ArrayList<>();
            for (Completion c : completions) futures.add(pool.submit(() -> t.score(c.problem(), StopRule.cutText(c.text(), stops))));
            for (Future<Score> f : futures) scores.add(f.get());
        }
        try (PrintStream o = out == null ? System.out : new PrintStream(Files.newOutputStream(out), false, StandardCharsets.UTF_8)) {
            for (int i = 0; i < completions.size(); i++) {
                Completion c = completions.get(i);
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("problem", c.problem().id());
                line.put("index", c.index());
                line.put("metrics", scores.get(i).metrics());
                line.put("primary", t.primaryMetric());
                line.put("extracted", scores.get(i).extracted());
                o.println(Json.line(line));
            }
        }
        summarize(t, scores);
        return 0;
    }

    private List<Completion> read(Task t) throws IOException {
        if (!Files.isRegularFile(in)) throw new IllegalArgumentException("--in " + in + ": no such file");
        Map<String, Integer> index = new HashMap<>();
        List<Problem> problems = t.problems();
        for (int i = 0; i < problems.size(); i++) index.put(problems.get(i).id(), i);
        List<Completion> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(in, StandardCharsets.UTF_8);
        for (int n = 1; n <= lines.size(); n++) {
            String text = lines.get(n - 1);
            if (text.isBlank()) continue;
            JsonObject o;
            try {
                o = JsonParser.parseString(text).getAsJsonObject();
            } catch (JsonParseException | IllegalStateException e) {
                throw new IllegalArgumentException(in + ": line " + n + " is not a JSON object");
            }
            JsonElement id = o.has("id") ? o.get("id") : o.get("problem"), completion = o.get("completion");
            if (id == null || id.isJsonNull() || !id.isJsonPrimitive()) throw new IllegalArgumentException(in + ": line " + n + " has no \"id\" (or \"problem\")");
            if (completion == null || !completion.isJsonPrimitive() || !completion.getAsJsonPrimitive().isString())
                throw new IllegalArgumentException(in + ": line " + n + " has no \"completion\" string");
            Integer i = index.get(id.getAsString());
            if (i == null) throw new IllegalArgumentException(in + ": line " + n + ": " + task + " has no problem " + id);
            out.add(new Completion(problems.get(i), i, completion.getAsString()));
        }
        if (out.isEmpty()) throw new IllegalArgumentException(in + ": no completions");
        return out;
    }

    /** Every metric's mean over the completions that have it, with its standard error, on stderr. */
    private static void summarize(Task t, List<Score> scores) {
        Map<String, List<Double>> values = new LinkedHashMap<>();
        for (Score s : scores) s.metrics().forEach((k, v) -> { if (Double.isFinite(v)) values.computeIfAbsent(k, x -> new ArrayList<>()).add(v); });
        System.err.printf(Locale.ROOT, "%s: %d completions scored%n", t.name(), scores.size());
        values.forEach((k, v) -> System.err.printf(Locale.ROOT, "  %-14s %.4f ± %.4f (n = %d)%s%n", k, Summary.mean(v), Summary.stdError(v), v.size(),
                k.equals(t.primaryMetric()) ? "  (primary)" : ""));
    }
}
