package dev.dilate.cli;

import dev.dilate.eval.DataFiles;
import dev.dilate.eval.Problem;
import dev.dilate.eval.PromptStyle;
import dev.dilate.eval.Score;
import dev.dilate.eval.Task;
import dev.dilate.eval.run.ResultRecord;
import dev.dilate.eval.run.RunConfig;
import dev.dilate.eval.run.Runner;
import dev.dilate.eval.run.Tasks;
import dev.dilate.synthetic.Families;
import dev.dilate.synthetic.Family;
import dev.dilate.synthetic.MajorityBaseline;
import dev.dilate.eval.tasks.TextContinuation;
import dev.dilate.format.Json;
import dev.dilate.generate.CachePolicy;
import dev.dilate.generate.Generation;
import dev.dilate.generate.GenerationConfig;
import dev.dilate.generate.Generator;
import dev.dilate.model.ShippedModels;
import dev.dilate.planner.Planners;
import dev.dilate.session.Subject;
import dev.dilate.session.Subjects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The planners side by side on held-out problems, decoded by the shipped model (or --model):",
                "accuracy, NFE, speed-up and wall time per planner and block size, then the DUS trace of one problem;",
                "then the same for the shipped English model continuing test-split prose, judged by the text task's judge."})
final class DemoCommand implements Callable<Integer> {
    static final String PLANNERS = "tbt;confidence;eb;cb;dus";
    static final int TEXT_BLOCK = 16, TEXT_GEN = 32;

    @Option(names = {"--model", "-m"}, defaultValue = ShippedModels.NAME, description = "model (default: ${DEFAULT-VALUE}, the shipped one)")
    String model;
    @Option(names = "--task", defaultValue = ShippedModels.FAMILY, description = "synthetic family whose held-out problems are decoded (default: ${DEFAULT-VALUE})")
    String task;
    @Option(names = "--planners", split = ";", defaultValue = PLANNERS, description = "planners, ';'-separated (default: ${DEFAULT-VALUE})")
    List<String> planners;
    @Option(names = "--blocks", split = ",", defaultValue = "8,16,32", description = "block sizes (default: ${DEFAULT-VALUE})")
    List<Integer> blocks;
    @Option(names = {"--gen", "-G"}, defaultValue = "32", description = "generated positions (default: ${DEFAULT-VALUE})")
    int gen;
    @Option(names = "--problems", defaultValue = "40", description = "held-out problems per setting (default: ${DEFAULT-VALUE})")
    int problems;
    @Option(names = "--trace-block", defaultValue = "32", description = "block size of the DUS trace at the end (default: ${DEFAULT-VALUE})")
    int traceBlock;
    @Option(names = "--cache", split = ",", defaultValue = CachePolicy.DECODE_DEFAULT,
            description = "key/value cache modes, comma-separated, each decoded in turn: none, prefix, dual, delayed, optionally :refresh=N (default: ${DEFAULT-VALUE})")
    List<String> caches;
    @Option(names = "--text-problems", defaultValue = "6", description = "test prompts the shipped English model continues after the arithmetic, at B = "
            + TEXT_BLOCK + " and G = " + TEXT_GEN + " (0: none; only with the shipped models; default: ${DEFAULT-VALUE})")
    int textProblems;
    @Option(names = "--json", description = "print the records and the DUS decode as JSON")
    boolean json;

    @Override
    public Integer call() {
        if (problems < 1) throw new IllegalArgumentException("--problems must be at least 1");
        Family family = Families.named(task);                 // the demo decodes synthetic families only
        for (String p : planners) for (int b : blocks) Planners.create(p, b);     // bad specs fail before any work
        List<CachePolicy> policies = caches.stream().map(CachePolicy::parse).toList();
        try (Subject subject = Subjects.open(model)) {
            Task t = Tasks.create(task, null, subject);
            List<Problem> all = t.problems();
            List<Problem> list = all.subList(0, Math.min(problems, all.size()));
            List<ResultRecord> records = decodeAll(subject, t, list, blocks, policies, gen);
            Problem first = list.getFirst();
            Generation g = dusTrace(subject, t, first, gen, traceBlock, policies.getFirst());
            var vocab = subject.denoiser().vocabulary();
            boolean withText = textProblems > 0 && model.equals(ShippedModels.NAME);
            if (json) {
                Map<String, Object> out = new java.util.LinkedHashMap<>(Map.of("records", records, "dus", GenerateCommand.describe(g, vocab, "dus", traceBlock, policies.getFirst())));
                if (withText) out.put("text", text(policies, true));
                System.out.println(Json.of(out));
                return 0;
            }
            System.out.printf("dilate demo: %d held-out '%s' problems decoded by %s with each planner at B = %s (greedy, G=%d).%n%n",
                    list.size(), t.name(), subject.name(), blocks, gen);
            Summaries.print(records, false);
            String trivial = MajorityBaseline.answer(family, 20_000, 1);
            double exact = 0, chars = 0;
            for (Problem p : list) {
                Score s = t.score(p, trivial);
                exact += s.metric("exact");
                chars += s.metric("chars");
            }
            System.out.printf("trivial baseline \"%s\" (the most frequent character at each position, prompt ignored): exact %.1f%%, characters %.1f%%%n%n",
                    trivial, 100 * exact / list.size(), 100 * chars / list.size());
            System.out.printf("DUS at B=%d on \"%s\" (answer %s):%n", traceBlock, first.field("prompt"), first.field("answer"));
            System.out.println("output: " + g.text());
            System.out.print(TraceView.render(g, vocab, traceBlock, terminal()));
            if (withText) text(policies, false);
            return 0;
        }
    }

    /** Every planner at every block size and cache mode on every problem, greedy. */
    private List<ResultRecord> decodeAll(Subject subject, Task t, List<Problem> list, List<Integer> blockSizes, List<CachePolicy> policies, int length) {
        Generator generator = new Generator(subject.denoiser());
        List<ResultRecord> records = new ArrayList<>();
        for (int block : blockSizes)
            for (String planner : planners)
                for (CachePolicy cache : policies) {
                    RunConfig cfg = new RunConfig(subject.name(), t.name(), planner, block, length, PromptStyle.BASE, 0, 1, cache);
                    for (int i = 0; i < list.size(); i++) records.add(Runner.decode(subject, t, cfg, generator, list.get(i), i));
                }
        return records;
    }

    /** The English model on the text task's first prompts: the table, the human text's figure, one DUS trace; the records. */
    private List<ResultRecord> text(List<CachePolicy> policies, boolean quiet) {
        try (Subject subject = Subjects.open(ShippedModels.TEXT)) {
            TextContinuation t = new TextContinuation(DataFiles.defaultFolder());
            List<Problem> list = t.problems().subList(0, Math.min(textProblems, t.problems().size()));
            List<ResultRecord> records = decodeAll(subject, t, list, List.of(TEXT_BLOCK), policies, TEXT_GEN);
            if (quiet) return records;
            double human = list.stream().mapToDouble(p -> t.scoreReference(p).metric("nll")).average().orElseThrow();
            System.out.printf("%nEnglish: %d Brown test prompts continued by the shipped text model with each planner at B = %d (greedy, G=%d),%n"
                    + "judged by a Kneser-Ney trigram model of the training text (nll: nats per word, lower is better; "
                    + "the human continuations of these prompts: %.2f).%n%n", list.size(), TEXT_BLOCK, TEXT_GEN, human);
            Summaries.print(records, false);
            Problem first = list.getFirst();
            Generation g = dusTrace(subject, t, first, TEXT_GEN, TEXT_BLOCK, policies.getFirst());
            System.out.printf("%nDUS at B=%d after \"%s\":%n", TEXT_BLOCK, first.field("prompt").replace("\n", " / "));
            System.out.println("output: " + g.text());
            System.out.print(TraceView.render(g, subject.denoiser().vocabulary(), TEXT_BLOCK, terminal()));
            return records;
        }
    }

    /** The DUS decode of one problem that the demo draws step by step. */
    private static Generation dusTrace(Subject subject, Task t, Problem problem, int length, int block, CachePolicy cache) {
        return new Generator(subject.denoiser()).generate(subject.encode(t.prompt(problem, PromptStyle.BASE)), "dus",
                GenerationConfig.of(length, block).withStops(subject.stopTokens(), List.of()).withCache(cache));
    }

    private static boolean terminal() { return System.console() != null && System.console().isTerminal(); }
}
