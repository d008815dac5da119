package dev.dilate.cli;

import dev.dilate.eval.DataFiles;
import dev.dilate.eval.Problem;
import dev.dilate.eval.Score;
import dev.dilate.eval.report.Summary;
import dev.dilate.eval.tasks.TextContinuation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "judge", mixinStandardHelpOptions = true,
        description = "The text task's judge (a Kneser-Ney trigram model of the Brown training split) on the human "
                + "continuations of the task's prompts: the figures a model's samples are compared with.")
final class JudgeCommand implements Callable<Integer> {
    @Option(names = "--data", description = "benchmark data folder (default: the project's data/, or DILATE_DATA)")
    Path data;
    @Option(names = "--limit", defaultValue = "0", description = "only the first N prompts, as eval --limit (0 = all)")
    int limit;

    @Override
    public Integer call() {
        TextContinuation task = new TextContinuation(data == null ? DataFiles.defaultFolder() : data);
        List<Score> scores = new ArrayList<>();
        List<Problem> problems = task.problems();
        for (Problem p : limit > 0 ? problems.subList(0, Math.min(limit, problems.size())) : problems) scores.add(task.scoreReference(p));
        Map<String, Double> mean = task.aggregate(scores);
        double se = Summary.stdError(scores.stream().map(s -> s.metric("nll")).toList());
        System.out.printf("human continuations of %d test prompts:%n", scores.size());
        System.out.printf("  judge nll %.3f +- %.3f nats/word (perplexity %.1f)%n", mean.get("nll"), se, mean.get("ppl"));
        System.out.printf("  unigram entropy %.2f bits, distinct-1 %.3f, distinct-2 %.3f, known words %.3f, %.1f words each%n",
                mean.get("entropy"), mean.get("distinct1"), mean.get("distinct2"), mean.get("known"), mean.get("words"));
        return 0;
    }
}
