package dev.dilate.bench;

import dev.dilate.format.GGUFFile;
import dev.dilate.generate.CachePolicy;
import dev.dilate.generate.Generation;
import dev.dilate.generate.GenerationConfig;
import dev.dilate.generate.Generator;
import dev.dilate.generate.Trace;
import dev.dilate.model.GGUFModels;
import dev.dilate.model.ModelConfig;
import dev.dilate.model.Transformer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times whole decodes under each cache mode, in one run so that the ratios against {@code none}
 * are same-machine, same-moment figures: a prompt of random tokens, a canvas of G masked
 * positions in blocks of B, a planner, every call's wall time. Beside each cached decode it sets
 * the measured time of its cheapest calls (block-only ones) against their share of a whole call's
 * FLOPs, which says whether a small call runs as fast per FLOP as a big one.
 */
public final class DecodeBench {
    private DecodeBench() {}

    /**
     * @param prompt  prompt tokens
     * @param canvas  generated positions G
     * @param block   block size B
     */
    public record Settings(int prompt, int canvas, int block) {
        public Settings {
            if (prompt < 1 || canvas < 1 || block < 1 || canvas % block != 0)
                throw new IllegalArgumentException("decode bench needs prompt >= 1 and a canvas that is a multiple of the block");
        }
    }

    /**
     * One decode.
     *
     * @param forwardedPerCall   mean positions recomputed per call
     * @param vsNone             this decode's time over the uncached decode's (same planner), NaN for none itself
     * @param cacheBytesPerPosition memory the cache holds per canvas position (0 for none)
     * @param partialCallSeconds median time of the calls that recomputed fewest positions (NaN when every call was whole)
     * @param partialCallShare   a whole call's median time x (the partial call's FLOPs / a whole call's)
     */
    public record Row(String model, String planner, String cache, int nfe, double forwardedPerCall, double seconds,
                      double secondsPerCall, double vsNone, long cacheBytesPerPosition, double wholeCallSeconds,
                      double partialCallSeconds, double partialCallShare) {}

    public static List<Row> run(Path file, String label, Settings s, List<String> planners, List<CachePolicy> caches) {
        try (GGUFFile f = GGUFFile.open(file)) {
            Transformer model = GGUFModels.load(f);
            ModelConfig c = model.config();
            int[] prompt = new int[s.prompt()];
            for (int i = 0; i < prompt.length; i++) prompt[i] = (i * 7919 + 13) % (c.vocab() - 4);
            Generator generator = new Generator(model);
            // Warm-up: JIT and the mapped weights' page-in, with and without a cache, on the whole
            // canvas as one block. Warmed up on shorter canvases only (prompt + one block), the JIT
            // left the whole-canvas calls about 1.7x slower (1B F16, 768 positions), for reasons not found.
            GenerationConfig warm = GenerationConfig.of(s.canvas(), s.canvas());
            generator.generate(prompt, "dus", warm);
            generator.generate(prompt, "dus", warm.withCache(CachePolicy.parse("dual")));
            List<Row> rows = new ArrayList<>();
            for (String planner : planners) {
                double none = Double.NaN;
                for (CachePolicy cache : caches) {
                    Generation g = generator.generate(prompt, planner, GenerationConfig.of(s.canvas(), s.block()).withCache(cache));
                    double seconds = g.nanos() / 1e9;
                    if (!cache.caches()) none = seconds;
                    rows.add(row(label, planner, cache, g, seconds, none, model, s));
                }
            }
            return rows;
        }
    }

    private static Row row(String label, String planner, CachePolicy cache, Generation g, double seconds, double none, Transformer model, Settings s) {
        int L = s.prompt() + s.canvas();
        List<Trace.Step> steps = g.trace().steps();
        int fewest = steps.stream().mapToInt(Trace.Step::forwarded).min().orElse(L);
        double whole = median(steps, L), partial = fewest < L ? median(steps, fewest) : Double.NaN;
        double share = whole * flops(model.config(), fewest, L, s.block()) / flops(model.config(), L, L, s.block());
        return new Row(label, planner, cache.toString(), g.nfe(), (double) g.trace().forwardedPositions() / g.nfe(), seconds,
                seconds / g.nfe(), cache.caches() ? seconds / none : Double.NaN, cache.caches() ? model.cacheBytesPerPosition(cache.storage()) : 0,
                whole, partial, fewest < L ? share : Double.NaN);
    }

    /** Median wall time of the steps that recomputed exactly {@code forwarded} positions; NaN when none did. */
    private static double median(List<Trace.Step> steps, int forwarded) {
        double[] t = steps.stream().filter(x -> x.forwarded() == forwarded).mapToDouble(x -> x.nanos() / 1e9).sorted().toArray();
        return t.length == 0 ? Double.NaN : t[t.length / 2];
    }

    /** FLOPs of a call recomputing n positions of an L-position canvas: projections, attention over all L keys, the head over one block. */
    static double flops(ModelConfig c, int n, int L, int headRows) {
        double attention = 4.0 * n * L * c.qDim() * c.layers();
        return 2.0 * n * c.projectionWeights() + attention + 2.0 * headRows * c.dim() * c.vocab();
    }
}
