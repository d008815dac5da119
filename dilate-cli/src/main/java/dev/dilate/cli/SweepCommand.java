package dev.dilate.cli;

import dev.dilate.eval.Task;
import dev.dilate.eval.report.Report;
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

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Evaluate a grid of models x tasks x planners x block sizes (x cache modes) into one results file (resumable like eval),",
                "then print the summary tables and, with --report, write the report."})
final class SweepCommand implements Callable<Integer> {
    @Option(names = "--tasks", split = ",", required = true, description = "tasks, comma-separated")
    List<String> tasks;
    @Option(names = "--models", split = ",", defaultValue = ShippedModels.NAME, description = "models, comma-separated (GGUF files, folders, markov:..., default or text: the shipped models; default: ${DEFAULT-VALUE})")
    List<String> models;
    @Option(names = "--planners", split = ";", defaultValue = "tbt;dus;confidence;eb:gamma=1;cb:tau=0.9",
            description = "planner specs, separated by ';' (default: ${DEFAULT-VALUE})")
    List<String> planners;
    @Option(names = "--blocks", split = ",", defaultValue = "8,16,32", description = "block sizes (default: ${DEFAULT-VALUE})")
    List<Integer> blocks;
    @Option(names = "--report", description = "also write the report (report.md, report.html, plots) into this folder")
    Path report;
    @Option(names = "--json", description = "print the summary as JSON")
    boolean json;
    @Mixin EvalOptions options;

    @Override
    public Integer call() {
        tasks.forEach(Tasks::requireKnown);       // bad arguments fail before the results file is created
        for (String planner : planners) for (int block : blocks) Planners.create(planner, block);
        try (ResultsStore store = ResultsStore.open(options.out)) {
            Set<String> keys = new HashSet<>();
            for (String model : models)
                try (Subject subject = Subjects.open(model)) {
                    for (String name : tasks) {
                        Task task = Tasks.create(name, options.dataFolder(), subject);
                        for (int block : blocks)
                            for (String planner : planners)
                                for (CachePolicy cache : options.cachePolicies()) {
                                    RunConfig cfg = new RunConfig(subject.name(), task.name(), planner, block, options.gen,
                                            options.promptStyle(), options.temperature, options.seed, cache);
                                    keys.add(cfg.key());
                                    Runner.run(subject, task, cfg, store, options.limit, options.parsedShard(), System.err);
                                }
                    }
                }
            List<ResultRecord> mine = store.records().stream().filter(r -> keys.contains(r.key())).toList();
            Summaries.print(mine, json);
            if (report != null) {
                Report.write(mine, report);
                if (!json) System.out.println("report written to " + report.resolve("report.md") + " and report.html");
            }
        }
        return 0;
    }
}
