package dev.dilate.oracle;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The cost of revealing a set I of positions in one step, given the revealed symbols S:
 * gap = sum_{i in I} H(X_i | S) - H(X_I | S), in bits. It is the total correlation of the
 * co-decoded positions: zero exactly when they are independent given S, and the amount by which a
 * product of marginals misjudges their joint law.
 *
 * <p>H(X_I | S) by the chain rule over I in position order: the law of X_{i_j} given the earlier
 * co-decoded values and S is read from a forward message that has absorbed those values and the
 * backward message of S. The forward messages branch on each value; identical messages are merged.
 * For order 1 every message collapses to a point after conditioning, so at most V branches live
 * and the result is exact. Higher orders can branch without bound; past {@code maxBranches}
 * the joint entropy is estimated by sampling from the same exact conditionals instead, and the
 * result says so.
 */
public final class ParallelGap {

    /**
     * The two terms of the gap, in bits: sum_{i in I} H(X_i | S) and H(X_I | S).
     *
     * @param exact false when H(X_I|S) was estimated by Monte Carlo; {@code stdError} its standard error
     */
    public record Result(double sumMarginalBits, double jointBits, boolean exact, double stdError) {
        /** sum_i H(X_i | S) - H(X_I | S) in bits, floored at 0 (a sampled joint entropy can exceed the sum). */
        public double gapBits() { return Math.max(0, sumMarginalBits - jointBits); }
    }

    private final int maxBranches;
    private final int samples;

    /**
     * @param maxBranches distinct forward messages the exact joint entropy may keep before it falls
     *                    back to Monte Carlo
     * @param samples     draws of X_I behind a Monte Carlo estimate
     */
    public ParallelGap(int maxBranches, int samples) {
        this.maxBranches = maxBranches;
        this.samples = samples;
    }

    /** What the oracle experiment uses: exact up to 2^14 branches, else 4000 samples. */
    public static ParallelGap standard() { return new ParallelGap(1 << 14, 4000); }

    /**
     * The gap of revealing the positions of {@code set} in one step, given the symbols revealed in x.
     *
     * @param x     revealed symbols, -1 where masked
     * @param set   co-decoded positions, all masked in x and at least k-1
     * @param seed  for the Monte Carlo fallback
     * @throws IllegalArgumentException if a position of the set is revealed in x or lies before k-1,
     *         or the revealed symbols are impossible under the chain
     */
    public Result of(MarkovSource chain, int[] x, int[] set, long seed) {
        int[] I = set.clone();
        Arrays.sort(I);
        for (int i : I) {
            if (x[i] >= 0) throw new IllegalArgumentException("position " + i + " is revealed already");
            if (i < chain.order() - 1) throw new IllegalArgumentException("position " + i + " lies inside the chain's first state; start the canvas after k-1 symbols");
        }
        Posterior post = new Posterior(chain, x);
        double sum = 0;
        for (int i : I) sum += Posterior.entropyBits(post.marginal(i));
        if (I.length <= 1) return new Result(sum, sum, true, 0);
        double joint = exactJoint(post, I);
        if (!Double.isNaN(joint)) return new Result(sum, Math.min(joint, sum), true, 0);
        double[] est = sampledJoint(post, I, new SplittableRandom(seed));
        return new Result(sum, est[0], false, est[1]);
    }

    /** Chain-rule joint entropy over merged branches; NaN when the branches outgrow the cap. */
    private double exactJoint(Posterior post, int[] I) {
        Map<Key, Double> branches = new HashMap<>();
        branches.put(new Key(post.forward(I[0]).clone()), 1.0);
        double h = 0;
        for (int j = 0; j < I.length; j++) {
            Map<Key, Double> next = new HashMap<>();
            for (Map.Entry<Key, Double> e : branches.entrySet()) {
                double[] msg = j == 0 ? e.getKey().m : advance(post, e.getKey().m, I[j - 1], I[j]);
                double[] p = conditional(post, msg, I[j]);
                double w = e.getValue();
                h += w * Posterior.entropyBits(p);
                if (j == I.length - 1) continue;
                for (int v = 0; v < p.length; v++) {
                    if (p[v] == 0) continue;
                    next.merge(new Key(observe(msg, v, post.chain)), w * p[v], Double::sum);
                }
                if (next.size() > maxBranches) return Double.NaN;
            }
            branches = next;
        }
        return h;
    }

    /** Monte Carlo: mean and standard error of -log2 p(X_I | S) over draws of X_I from its exact law. */
    private double[] sampledJoint(Posterior post, int[] I, SplittableRandom rng) {
        double sum = 0, sumSq = 0;
        for (int s = 0; s < samples; s++) {
            double[] msg = post.forward(I[0]).clone();
            double nll = 0;
            for (int j = 0; j < I.length; j++) {
                if (j > 0) msg = advance(post, msg, I[j - 1], I[j]);
                double[] p = conditional(post, msg, I[j]);
                int v = draw(p, rng);
                nll -= Math.log(p[v]) / Math.log(2);
                msg = observe(msg, v, post.chain);
            }
            sum += nll;
            sumSq += nll * nll;
        }
        double mean = sum / samples, var = Math.max(0, sumSq / samples - mean * mean);
        return new double[] {mean, Math.sqrt(var / samples)};
    }

    /** Forward message carried from position `from` to `to` through the evidence between them. */
    private static double[] advance(Posterior post, double[] msg, int from, int to) {
        for (int i = from + 1; i <= to; i++) msg = Posterior.normalised(post.step(msg, i), "position " + i);
        return msg;
    }

    /** Law of X_i given the message at i (earlier co-decoded values and S before i) and S after i. */
    private static double[] conditional(Posterior post, double[] msg, int i) {
        double[] b = post.backward(i);
        double[] p = new double[post.chain.alphabetSize()];
        for (int z = 0; z < msg.length; z++) p[post.chain.digit(z, 0)] += msg[z] * b[z];
        return Posterior.normalised(p, "position " + i);
    }

    /** The message after learning that the newest symbol is v. */
    private static double[] observe(double[] msg, int v, MarkovSource chain) {
        double[] out = new double[msg.length];
        for (int z = 0; z < msg.length; z++) if (chain.digit(z, 0) == v) out[z] = msg[z];
        return Posterior.normalised(out, "observed symbol");
    }

    private static int draw(double[] p, SplittableRandom rng) {
        double u = rng.nextDouble();
        for (int v = 0; v < p.length; v++) if ((u -= p[v]) < 0) return v;
        for (int v = p.length - 1; v >= 0; v--) if (p[v] > 0) return v;
        return 0;
    }

    /** A message as a map key: merged only when bit-for-bit equal, so merging never approximates. */
    private record Key(double[] m) {
        @Override public boolean equals(Object o) { return o instanceof Key k && Arrays.equals(m, k.m); }
        @Override public int hashCode() { return Arrays.hashCode(m); }
    }
}
