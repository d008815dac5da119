package dev.dilate.cli;

import dev.dilate.generate.Generation;
import dev.dilate.generate.GenerationConfig;
import dev.dilate.generate.Generator;
import dev.dilate.generate.Sampling;
import dev.dilate.oracle.ExactMarkovDenoiser;
import dev.dilate.oracle.MarkovSource;
import dev.dilate.oracle.OracleExperiment;
import dev.dilate.oracle.OracleRow;
import dev.dilate.planner.Planners;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The planners side by side on the built-in source with its exact denoiser: NFE, time, exact gap, KL and spacing,",
                "then the DUS trace of one decode."})
final class DemoCommand implements Callable<Integer> {
    static final List<String> PLANNERS = List.of("tbt", "dus", "confidence", "random", "eb:gamma=4", "eb:gamma=12", "cb:tau=0.3", "eb:gamma=12+spaced");

    @Option(names = {"--block", "-B"}, defaultValue = "16", description = "block size (default: ${DEFAULT-VALUE})")
    int block;
    @Option(names = {"--gen", "-G"}, defaultValue = "64", description = "generated positions (default: ${DEFAULT-VALUE})")
    int gen;
    @Option(names = "--samples", defaultValue = "16", description = "decodes per planner (default: ${DEFAULT-VALUE})")
    int samples;
    @Option(names = "--seed", defaultValue = "1", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--json", description = "print the table rows and the DUS decode as JSON")
    boolean json;

    @Override
    public Integer call() {
        MarkovSource chain = Sources.build("builtin", 1, Double.NaN, 0, 0);
        OracleExperiment.Source src = new OracleExperiment.Source("builtin k=1", chain, Double.NaN);
        OracleExperiment.Settings settings = new OracleExperiment.Settings(gen, 8, samples, seed);
        List<OracleRow> rows = new OracleExperiment().sweep(List.of(src), List.of(block), PLANNERS, settings, r -> {});
        ExactMarkovDenoiser denoiser = new ExactMarkovDenoiser(chain);
        int[] prompt = Sources.encode(chain, "the dilated schedule ");
        GenerationConfig cfg = GenerationConfig.of(gen, block).withSampling(Sampling.exact(seed));
        Generation g = new Generator(denoiser).generate(prompt, Planners.create("dus", block), cfg);
        if (json) {
            System.out.println(Json.of(Map.of("rows", rows, "dus", GenerateCommand.describe(g, denoiser.vocabulary(), "dus", block))));
            return 0;
        }
        System.out.printf("dilate demo: %d planners on a character Markov chain estimated from a built-in paragraph,%n", PLANNERS.size());
        System.out.printf("decoded by its exact Bayes denoiser (G=%d, B=%d, %d sampled decodes each, temperature 1).%n%n", gen, block, samples);
        System.out.print(OracleCommand.table(rows));
        System.out.printf("%nDUS, one decode after the prompt \"%s\":%n", denoiser.vocabulary().decode(prompt));
        System.out.println("output: " + g.text());
        System.out.print(TraceView.render(g, denoiser.vocabulary(), block, System.console() != null && System.console().isTerminal()));
        return 0;
    }
}
