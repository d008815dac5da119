package dev.dilate.examples;

import dev.dilate.oracle.MarkovSources;
import dev.dilate.oracle.OracleExperiment;
import dev.dilate.oracle.OracleRow;

/**
 * The exact cost of decoding tokens in parallel, on a Markov source whose Bayes-optimal denoiser is
 * known: DUS against confidence at the same number of calls, in bits per token.
 */
public final class ExactOracle {
    public static void main(String[] args) {
        OracleExperiment.Source source = new OracleExperiment.Source("builtin", MarkovSources.builtin(1), Double.NaN);
        OracleExperiment.Settings settings = new OracleExperiment.Settings(32, 8, 20, 1);
        for (String planner : new String[]{"dus", "confidence"}) {
            OracleRow row = new OracleExperiment().run(source, 16, planner, settings);
            System.out.printf("%-10s NFE %4.1f  parallel-decoding gap %.3f bits/token  KL %.3f bits/token%n",
                    planner, row.nfe(), row.gapBitsPerToken(), row.klBitsPerToken());
        }
    }
}
