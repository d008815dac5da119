package dev.dilate.cli;

import dev.dilate.eval.report.Table;
import dev.dilate.format.Json;
import dev.dilate.oracle.MutualInformation;
import dev.dilate.oracle.OracleExperiment;
import dev.dilate.oracle.OracleRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "oracle", mixinStandardHelpOptions = true,
        description = {"Sweep planners x block sizes x Markov sources on the exact (Bayes-optimal) denoiser and report, per cell,",
                "NFE, the exact parallel-decoding gap sum_i H(X_i|S) - H(X_I|S), KL(planner || source) per token, and spacing."})
final class OracleCommand implements Callable<Integer> {
    static final String DEFAULT_PLANNERS = "dus;confidence;random;eb:gamma=2;eb:gamma=8;cb:tau=0.7;cb:tau=0.4;eb:gamma=8+spaced";
    static final int[] MI_DISTANCES = {1, 2, 3, 4, 6, 8, 12, 16};

    @Option(names = "--source", defaultValue = "random", description = "random, builtin, a chain .json or a text file (default: ${DEFAULT-VALUE})")
    String source;
    @Option(names = "--orders", split = ",", defaultValue = "1,2", description = "chain orders k (default: ${DEFAULT-VALUE})")
    List<Integer> orders;
    @Option(names = "--mix", split = ",", defaultValue = "0.9,0.2", description = "mixing rates of random chains: high = fast mixing (default: ${DEFAULT-VALUE})")
    List<Double> mixes;
    @Option(names = "--alphabet", defaultValue = "4", description = "symbols of random chains (default: ${DEFAULT-VALUE})")
    int alphabet;
    @Option(names = "--chain-seed", defaultValue = "7", description = "seed of random chains (default: ${DEFAULT-VALUE})")
    long chainSeed;
    @Option(names = "--blocks", split = ",", defaultValue = "16,32,64", description = "block sizes B (default: ${DEFAULT-VALUE})")
    List<Integer> blocks;
    @Option(names = "--planners", split = ";", defaultValue = DEFAULT_PLANNERS,
            description = "planners separated by ';' (default: ${DEFAULT-VALUE}); ranking planners default to DUS's NFE")
    List<String> planners;
    @Option(names = "--samples", defaultValue = "24", description = "decodes per cell (default: ${DEFAULT-VALUE})")
    int samples;
    @Option(names = {"--gen", "-G"}, defaultValue = "128", description = "generated positions G, a multiple of every B (default: ${DEFAULT-VALUE})")
    int gen;
    @Option(names = "--prompt-length", defaultValue = "8", description = "prompt symbols drawn from the chain (default: ${DEFAULT-VALUE})")
    int promptLength;
    @Option(names = "--seed", defaultValue = "1", description = "seed of prompts and draws (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--json", description = "print the rows as JSON")
    boolean json;
    @Option(names = "--csv", description = "print the rows as CSV")
    boolean csv;
    @Option(names = "--quiet", description = "no progress on stderr")
    boolean quiet;

    @Override
    public Integer call() {
        if (json && csv) throw new IllegalArgumentException("choose one of --json and --csv");
        int maxOrder = orders.stream().mapToInt(Integer::intValue).max().orElse(1);
        Sizes.require("--gen " + gen, (long) gen + promptLength, 16 * (long) Math.pow(alphabet, maxOrder) + 64);
        for (int b : blocks) if (b < 1 || gen % b != 0) throw new IllegalArgumentException("--gen " + gen + " must be a positive multiple of every block size; " + b + " is not a divisor");
        List<OracleExperiment.Source> sources = new ArrayList<>();
        for (int k : orders) {
            if (source.equals("random")) {
                for (double m : mixes) sources.add(new OracleExperiment.Source(String.format(Locale.ROOT, "random k=%d mix=%.2f", k, m),
                        Sources.build(source, k, m, alphabet, chainSeed + 1000L * k), m));
            } else {
                sources.add(new OracleExperiment.Source(source + " k=" + k, Sources.build(source, k, Double.NaN, alphabet, chainSeed), Double.NaN));
                if (source.endsWith(".json")) break;
            }
        }
        OracleExperiment.Settings settings = new OracleExperiment.Settings(gen, promptLength, samples, seed);
        int total = sources.size() * blocks.size() * planners.size();
        int[] done = {0};
        List<OracleRow> rows = new OracleExperiment().sweep(sources, blocks, planners, settings, row -> {
            if (!quiet) System.err.printf("[%d/%d] %s B=%d %s%n", ++done[0], total, row.source(), row.block(), row.planner());
        });
        Map<String, double[]> mi = new LinkedHashMap<>();
        for (OracleExperiment.Source s : sources) {
            double[] bits = new double[MI_DISTANCES.length];
            for (int i = 0; i < bits.length; i++) bits[i] = MutualInformation.bits(s.chain(), MI_DISTANCES[i]);
            mi.put(s.label(), bits);
        }
        if (json) System.out.println(Json.of(Map.of("settings", settings, "rows", rows, "mutualInformation", Map.of("distances", MI_DISTANCES, "bits", mi))));
        else if (csv) System.out.print(csv(rows));
        else System.out.print(table(rows) + "\n" + miTable(mi));
        return 0;
    }

    static String miTable(Map<String, double[]> mi) {
        String[] header = new String[MI_DISTANCES.length + 1];
        header[0] = "I(X_i; X_i+d), bits";
        for (int i = 0; i < MI_DISTANCES.length; i++) header[i + 1] = "d=" + MI_DISTANCES[i];
        Table t = new Table(header);
        mi.forEach((label, bits) -> {
            Object[] cells = new Object[bits.length + 1];
            cells[0] = label;
            for (int i = 0; i < bits.length; i++) cells[i + 1] = String.format(Locale.ROOT, "%.2e", bits[i]);
            t.row(cells);
        });
        return t.text();
    }

    static String table(List<OracleRow> rows) {
        Table t = new Table("source", "B", "planner", "NFE", "speed-up", "gap b/tok", "KL b/tok", "±se", "dist", "dist/pair", "isolated", "ms");
        boolean mc = false, bound = false;
        for (OracleRow r : rows) {
            mc |= !r.gapExact();
            bound |= r.klBound();
            t.row(r.source(), r.block(), r.planner(), Table.num(r.nfe(), 1), Table.num(r.speedup(), 2) + "x",
                    (r.gapExact() ? "" : "~") + Table.num(r.gapBitsPerToken(), 4),
                    (r.klBound() ? "<=" : "") + Table.num(r.klBitsPerToken(), 4), Table.num(r.klStdError(), 4),
                    Table.num(r.stepAveragedDistance(), 2), Table.num(r.pairWeightedDistance(), 2),
                    Table.num(100 * r.isolatedFraction(), 0) + "%", Table.num(r.millisPerSample(), 1));
        }
        StringBuilder sb = new StringBuilder(t.text());
        sb.append("gap: sum over steps of sum_i H(X_i|S) - H(X_I|S), bits per generated token, exact");
        sb.append(mc ? " (~: some steps' joint entropy estimated by Monte Carlo from the exact conditionals)\n" : "\n");
        sb.append("KL: mean of (log2 q(x) - log2 p(x|prompt)) / G over sampled decodes; unbiased for planners whose choices depend only on the predictions");
        sb.append(bound ? "\n<=: the planner chooses at random, so its path probability bounds q(x) and the value is an upper bound\n" : "\n");
        return sb.toString();
    }

    static String csv(List<OracleRow> rows) {
        StringBuilder sb = new StringBuilder("source,order,mix,block,planner,samples,nfe,speedup,gap_bits_per_token,gap_exact,kl_bits_per_token,kl_std_error,kl_bound,step_averaged_distance,pair_weighted_distance,isolated_fraction,millis_per_sample\n");
        for (OracleRow r : rows)
            sb.append(String.join(",", quote(r.source()), "" + r.order(), "" + r.mix(), "" + r.block(), quote(r.planner()), "" + r.samples(),
                    "" + r.nfe(), "" + r.speedup(), "" + r.gapBitsPerToken(), "" + r.gapExact(), "" + r.klBitsPerToken(), "" + r.klStdError(),
                    "" + r.klBound(), "" + r.stepAveragedDistance(), "" + r.pairWeightedDistance(), "" + r.isolatedFraction(), "" + r.millisPerSample())).append('\n');
        return sb.toString();
    }

    private static String quote(String s) { return "\"" + s.replace("\"", "\"\"") + "\""; }
}
