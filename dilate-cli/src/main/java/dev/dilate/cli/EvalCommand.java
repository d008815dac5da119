package dev.dilate.cli;

import dev.dilate.eval.Task;
import dev.dilate.eval.run.ResultRecord;
import dev.dilate.eval.run.ResultsStore;
import dev.dilate.eval.run.RunConfig;
import dev.dilate.eval.run.Runner;
import dev.dilate.eval.run.Tasks;
import dev.dilate.generate.CachePolicy;
import dev.dilate.model.ShippedModels;
import dev.dilate.planner.Planners;
import dev.dilate.session.Subject;
import dev.dilate.session.Subjects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate one model with one planner on a task; every finished sample is appended to the results file at once,",
                "and a killed run resumes where it stopped."})
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--task", required = true, description = "task: " + "${COMPLETION-CANDIDATES}", completionCandidates = TaskNames.class)
    String task;
    @Option(names = {"--model", "-m"}, defaultValue = ShippedModels.NAME, description = "GGUF file, Hugging Face folder, markov:builtin / markov:FILE (the exact denoiser), default: the shipped arithmetic model, or text: the shipped English model (default: ${DEFAULT-VALUE})")
    String model;
    @Option(names = "--planner", defaultValue = "dus", description = "planner spec (default: ${DEFAULT-VALUE})")
    String planner;
    @Option(names = {"--block", "-B"}, defaultValue = "32", description = "block size B (default: ${DEFAULT-VALUE})")
    int block;
    @Option(names = "--json", description = "print the summary as JSON")
    boolean json;
    @Mixin EvalOptions options;

    @Override
    public Integer call() {
        Tasks.requireKnown(task);                 // bad arguments fail before the results file is created
        Planners.create(planner, block);
        try (Subject subject = Subjects.open(model); ResultsStore store = ResultsStore.open(options.out)) {
            Task t = Tasks.create(task, options.dataFolder(), subject);
            Set<String> keys = new HashSet<>();
            for (CachePolicy cache : options.cachePolicies()) {
                RunConfig cfg = new RunConfig(subject.name(), t.name(), planner, block, options.gen, options.promptStyle(), options.temperature, options.seed, cache);
                keys.add(cfg.key());
                Runner.run(subject, t, cfg, store, options.limit, options.parsedShard(), System.err);
            }
            List<ResultRecord> mine = store.records().stream().filter(r -> keys.contains(r.key())).toList();
            Summaries.print(mine, json);
        }
        return 0;
    }

    /** Task names for --help. */
    static final class TaskNames extends java.util.ArrayList<String> {
        TaskNames() { super(Tasks.NAMES); }
    }
}
