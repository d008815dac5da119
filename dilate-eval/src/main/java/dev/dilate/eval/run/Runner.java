package dev.dilate.eval.run;

import dev.dilate.eval.Problem;
import dev.dilate.eval.Score;
import dev.dilate.eval.Task;
import dev.dilate.generate.Generation;
import dev.dilate.generate.GenerationConfig;
import dev.dilate.generate.Generator;
import dev.dilate.generate.Sampling;
import dev.dilate.generate.SpacingStats;
import dev.dilate.planner.Planners;
import dev.dilate.session.Prompt;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.dilate.session.Subject;

/**
 * Runs one setting over a task: for each problem not yet in the results file (within --limit and
 * this shard), encode the prompt, decode with the planner, cut at the task's stops, score, and
 * append the record at once. Killed and restarted, it picks up exactly where it stopped.
 */
public final class Runner {
    private Runner() {}

    /** Problems decoded by this call (those already recorded are skipped). */
    public static int run(Subject subject, Task task, RunConfig cfg, ResultsStore store, int limit, Shard shard, PrintStream log) {
        List<Problem> problems = task.problems();
        int n = limit > 0 ? Math.min(limit, problems.size()) : problems.size();
        List<Integer> todo = new ArrayList<>();
        int owned = 0;
        for (int i = 0; i < n; i++) {
            if (!shard.owns(i)) continue;
            owned++;
            if (!store.done(cfg.key(), problems.get(i).id())) todo.add(i);
        }
        Planners.create(cfg.planner(), cfg.block());       // a bad planner spec fails before any work
        Progress progress = new Progress(log, String.format("%s %s B=%d%s", task.name(), cfg.planner(), cfg.block(), cacheNote(cfg)), owned);
        int finished = owned - todo.size();
        // Records are matched by setting and problem, not by the model file's contents: say so, in
        // case the file at that path has changed since (a checkpoint being followed, say).
        if (finished > 0) log.printf("%s %s B=%d%s: %d of %d problems are already in the results file and are not decoded again%n",
                task.name(), cfg.planner(), cfg.block(), cacheNote(cfg), finished, owned);
        progress.update(finished);
        Generator generator = new Generator(subject.denoiser());
        for (int i : todo) {
            store.append(decode(subject, task, cfg, generator, problems.get(i), i));
            progress.update(++finished);
        }
        return todo.size();
    }

    private static String cacheNote(RunConfig cfg) { return cfg.cache().caches() ? " cache " + cfg.cache() : ""; }

    public static ResultRecord decode(Subject subject, Task task, RunConfig cfg, Generator generator, Problem problem, int index) {
        Prompt prompt = task.prompt(problem, cfg.style());
        int[] ids = subject.encode(prompt);
        // Each problem draws from its own stream, so shards and resumed runs make the same choices.
        Sampling sampling = new Sampling(cfg.temperature(), 1, 0, cfg.seed() * 1_000_003L + index);
        GenerationConfig gc = task.decoding(GenerationConfig.of(cfg.gen(), cfg.block()).withSampling(sampling)
                .withStops(subject.stopTokens(), task.stops(cfg.style()))).withCache(cfg.cache());
        Generation g = generator.generate(ids, cfg.planner(), gc);
        Score score = task.score(problem, g.text());
        SpacingStats sp = g.spacing();
        Map<String, Double> spacing = new LinkedHashMap<>();
        spacing.put("stepAveraged", sp.stepAveragedDistance());
        spacing.put("pairWeighted", sp.pairWeightedDistance());
        spacing.put("isolated", sp.isolatedFraction());
        return new ResultRecord(cfg.fields(), cfg.key(), problem.id(), index, g.text(), score.extracted(), score.metrics(),
                task.primaryMetric(), task.higherIsBetter(),
                g.nfe(), g.decodedPositions(), g.trace().forwardedPositions(), g.nanos() / 1e6, spacing, g.stopped(), null);
    }
}
