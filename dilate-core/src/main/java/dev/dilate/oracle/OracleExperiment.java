package dev.dilate.oracle;

import dev.dilate.generate.Generation;
import dev.dilate.generate.GenerationConfig;
import dev.dilate.generate.Generator;
import dev.dilate.generate.Sampling;
import dev.dilate.generate.SpacingStats;
import dev.dilate.generate.Trace;
import dev.dilate.planner.Planner;
import dev.dilate.planner.Planners;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Decodes samples from a Markov source with a planner driving the exact denoiser, and measures
 * exactly what the poster's theory talks about: the parallel-decoding gap of every step and the
 * KL between what the planner samples and the source.
 *
 * <p>Tokens are drawn at temperature 1 from the exact conditionals and planners rank on the
 * argmax statistics, so a deterministic planner's choices are a function of the revealed symbols
 * and q(x) is exactly the product of the revealed tokens' conditionals along the path: the mean of
 * log q(x) - log p(x | prompt) over samples is then an unbiased estimate of KL(q || p).
 * Token-by-token decoding gives 0 for every sample.
 */
public final class OracleExperiment {

    /** A named source and the mixing rate it was built with (NaN for file sources). */
    public record Source(String label, MarkovSource chain, double mix) {}

    /**
     * How each cell is measured: {@code samples} decodes, each of G symbols after a prompt of
     * {@code promptLength} symbols drawn from the source; sample n is seeded from {@code seed} and n.
     */
    public record Settings(int genLength, int promptLength, int samples, long seed) {
        /** @throws IllegalArgumentException if {@code samples} is below 1 or {@code promptLength} is negative */
        public Settings {
            if (samples < 1) throw new IllegalArgumentException("samples must be at least 1, got " + samples);
            if (promptLength < 0) throw new IllegalArgumentException("prompt length must be >= 0, got " + promptLength);
        }
    }

    private final ParallelGap gap = ParallelGap.standard();

    /**
     * One cell: the planner the spec names, fresh for every sample, decodes {@code s.samples()} times
     * with the exact denoiser; NFE, speed-up, gap, KL and spacing are averaged over the samples.
     *
     * @throws IllegalArgumentException if the prompt is shorter than the chain order (the canvas must
     *         start after a full state), or the planner spec or block size is invalid
     */
    public OracleRow run(Source source, int blockSize, String plannerSpec, Settings s) {
        MarkovSource chain = source.chain();
        if (s.promptLength() < chain.order())
            throw new IllegalArgumentException("prompt length " + s.promptLength() + " is shorter than the chain order " + chain.order() + "; the canvas must start after a full state");
        GenerationConfig base = GenerationConfig.of(s.genLength(), blockSize).withDrawBeforeSelect(false);
        ExactMarkovDenoiser denoiser = new ExactMarkovDenoiser(chain);
        Generator generator = new Generator(denoiser);
        double nfe = 0, speed = 0, gapSum = 0, kl = 0, klSq = 0, millis = 0;
        boolean exact = true, bound = false;
        SpacingStats spacing = SpacingStats.EMPTY;
        for (int n = 0; n < s.samples(); n++) {
            long sampleSeed = s.seed() * 1_000_003L + n;
            int[] prompt = chain.sample(s.promptLength(), new SplittableRandom(sampleSeed));
            Planner planner = Planners.create(plannerSpec, blockSize);
            bound |= planner.selectsAtRandom();
            double[] stepGap = {0};
            boolean[] stepExact = {true};
            Generation g = generator.generate(prompt, planner, base.withSampling(Sampling.exact(sampleSeed)), (step, canvas) -> {
                int[] before = denoiser.evidence(canvas);
                int[] set = new int[step.positions().length];
                for (int i = 0; i < set.length; i++) { set[i] = prompt.length + step.positions()[i]; before[set[i]] = -1; }
                ParallelGap.Result r = gap.of(chain, before, set, sampleSeed + step.index());
                stepGap[0] += r.gapBits();
                stepExact[0] &= r.exact();
            });
            double logq = 0;
            Trace t = g.trace();
            for (int i = 0; i < t.length(); i++) logq += Math.log(t.probability(i));
            double logp = chain.logProb(g.canvas()) - (prompt.length >= chain.order() ? chain.logProb(prompt) : 0);
            double klSample = (logq - logp) / Math.log(2) / s.genLength();
            nfe += g.nfe();
            speed += g.speedup();
            gapSum += stepGap[0] / s.genLength();
            exact &= stepExact[0];
            kl += klSample;
            klSq += klSample * klSample;
            millis += g.nanos() / 1e6;
            spacing = spacing.plus(g.spacing());
        }
        int N = s.samples();
        double klMean = kl / N, klVar = N > 1 ? Math.max(0, (klSq - N * klMean * klMean) / (N - 1)) : 0;
        return new OracleRow(source.label(), chain.order(), source.mix(), blockSize, plannerSpec, N,
                nfe / N, speed / N, gapSum / N, exact, klMean, Math.sqrt(klVar / N), bound,
                spacing.stepAveragedDistance(), spacing.pairWeightedDistance(), spacing.isolatedFraction(), millis / N);
    }

    /** Every source x block size x planner, in that nesting order; each row is passed on as it finishes. */
    public List<OracleRow> sweep(List<Source> sources, List<Integer> blocks, List<String> planners, Settings s, Consumer<OracleRow> progress) {
        List<OracleRow> rows = new ArrayList<>();
        for (Source src : sources)
            for (int b : blocks)
                for (String p : planners) {
                    OracleRow row = run(src, b, p, s);
                    rows.add(row);
                    progress.accept(row);
                }
        return rows;
    }
}
