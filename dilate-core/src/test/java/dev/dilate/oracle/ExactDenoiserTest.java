package dev.dilate.oracle;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Forward-backward marginals, joint entropies and gaps against enumeration of every sequence. */
class ExactDenoiserTest {

    static int[] randomEvidence(int n, int v, double revealed, SplittableRandom rng, MarkovSource chain) {
        int[] truth = chain.sample(n, rng);
        int[] x = new int[n];
        for (int i = 0; i < n; i++) x[i] = rng.nextDouble() < revealed ? truth[i] : -1;
        return x;
    }

    @Test
    void marginalsMatchEnumerationForOrdersOneToThree() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int order = 1; order <= 3; order++) {
            for (int trial = 0; trial < 6; trial++) {
                MarkovSource chain = MarkovSources.random(order, 3, 0.2 + 0.15 * trial, 100 + trial);
                int[] x = randomEvidence(7, 3, 0.4, rng, chain);
                BruteForce bf = new BruteForce(chain, x);
                Posterior post = new Posterior(chain, x);
                ExactMarkovDenoiser denoiser = new ExactMarkovDenoiser(chain);
                int[] canvas = new int[x.length];
                for (int i = 0; i < x.length; i++) canvas[i] = x[i] < 0 ? denoiser.maskId() : x[i];
                int[] rows = {0, 1, 2, 3, 4, 5, 6};
                float[][] logits = denoiser.logits(canvas, rows);
                for (int i = 0; i < x.length; i++) {
                    double[] expected = bf.marginal(i, 3), actual = post.marginal(i);
                    for (int v = 0; v < 3; v++) {
                        assertEquals(expected[v], actual[v], 1e-12, "order " + order + " position " + i);
                        assertEquals(expected[v], Math.exp(logits[i][v]), 1e-6, "denoiser output at " + i);
                    }
                }
            }
        }
    }

    @Test
    void gapIsExactAgainstEnumeration() {
        SplittableRandom rng = new SplittableRandom(11);
        ParallelGap gap = ParallelGap.standard();
        for (int order = 1; order <= 2; order++) {
            for (int trial = 0; trial < 8; trial++) {
                MarkovSource chain = MarkovSources.random(order, 3, 0.3, 40 + trial);
                int[] x = randomEvidence(8, 3, 0.35, rng, chain);
                int[] set = maskedSubset(x, order, rng);
                if (set.length < 2) continue;
                BruteForce bf = new BruteForce(chain, x);
                double sum = 0;
                for (int i : set) sum += entropyBits(bf.marginal(i, 3));
                ParallelGap.Result r = gap.of(chain, x, set, 1);
                assertTrue(r.exact());
                assertEquals(sum, r.sumMarginalBits(), 1e-10);
                assertEquals(bf.jointEntropyBits(set), r.jointBits(), 1e-10, "order " + order + " trial " + trial);
                assertTrue(r.gapBits() >= 0);
            }
        }
    }

    @Test
    void monteCarloFallbackAgreesWithinItsErrorAndSaysItIsAnEstimate() {
        MarkovSource chain = MarkovSources.random(2, 3, 0.3, 9);
        int[] x = {1, 0, -1, -1, -1, -1, -1, -1, -1};
        int[] set = {2, 4, 6, 8};
        ParallelGap.Result mc = new ParallelGap(1, 20_000).of(chain, x, set, 3);
        assertFalse(mc.exact());
        double truth = new BruteForce(chain, x).jointEntropyBits(set);
        assertTrue(Math.abs(mc.jointBits() - truth) < 5 * mc.stdError() + 1e-9, mc.jointBits() + " vs " + truth + " se " + mc.stdError());
        assertTrue(mc.stdError() > 0);
    }

    @Test
    void orderOnePositionsSeparatedByRevealedSymbolsHaveNoGap() {
        MarkovSource chain = MarkovSources.random(1, 4, 0.1, 2);
        int[] x = {0, -1, 2, -1, 1, -1, 3, -1};
        ParallelGap.Result r = ParallelGap.standard().of(chain, x, new int[] {1, 3, 5, 7}, 0);
        assertEquals(0, r.gapBits(), 1e-12);
        ParallelGap.Result adjacent = ParallelGap.standard().of(chain, new int[] {0, -1, -1, -1, 1}, new int[] {1, 2}, 0);
        assertTrue(adjacent.gapBits() > 1e-3, "neighbours in a slowly mixing chain are dependent");
    }

    @Test
    void theStartingLawIsStationary() {
        MarkovSource chain = MarkovSources.random(2, 3, 0.5, 4);
        double[] next = new double[chain.states()];
        for (int z = 0; z < chain.states(); z++)
            for (int v = 0; v < 3; v++) next[chain.next(z, v)] += chain.initial(z) * chain.transition(z, v);
        for (int z = 0; z < chain.states(); z++) assertEquals(chain.initial(z), next[z], 1e-12);
    }

    @Test
    void impossibleEvidenceIsReported() {
        double[][] t = {{0, 1}, {1, 0}};   // a deterministic alternation a b a b ...
        MarkovSource chain = new MarkovSource(1, java.util.List.of("a", "b"), t, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Posterior(chain, new int[] {0, 0}));
        assertTrue(e.getMessage().contains("impossible evidence"), e.getMessage());
    }

    static int[] maskedSubset(int[] x, int order, SplittableRandom rng) {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (int i = order - 1; i < x.length; i++) if (x[i] < 0 && rng.nextDouble() < 0.7) out.add(i);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    static double entropyBits(double[] p) {
        double h = 0;
        for (double q : p) if (q > 0) h -= q * Math.log(q);
        return h / Math.log(2);
    }

    @Test
    void mutualInformationByDistanceMatchesEnumeration() {
        for (int order = 1; order <= 2; order++) {
            MarkovSource chain = MarkovSources.random(order, 3, 0.3, 17);
            for (int d = 1; d <= 4; d++) {
                int n = d + order;
                int[] x = new int[n];
                java.util.Arrays.fill(x, -1);
                BruteForce bf = new BruteForce(chain, x);
                int i = order - 1;
                double expected = entropyBits(bf.marginal(i, 3)) + entropyBits(bf.marginal(i + d, 3)) - bf.jointEntropyBits(new int[] {i, i + d});
                assertEquals(expected, MutualInformation.bits(chain, d), 1e-10, "order " + order + " d " + d);
            }
        }
        MarkovSource slow = MarkovSources.random(1, 4, 0.1, 1);
        assertTrue(MutualInformation.bits(slow, 1) > MutualInformation.bits(slow, 4));
        assertTrue(MutualInformation.bits(slow, 4) > MutualInformation.bits(slow, 16));
    }
}
