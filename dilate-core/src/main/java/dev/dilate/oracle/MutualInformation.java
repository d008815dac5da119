package dev.dilate.oracle;

/**
 * I(X_i; X_{i+d}) of a stationary source, exactly: how much two symbols d apart tell about each
 * other. The poster's spacing argument assumes it decays like C rho^d; this measures it.
 */
public final class MutualInformation {
    private MutualInformation() {}

    /** Mutual information in bits between symbols at distance d >= 1 (stationary, unconditioned). */
    public static double bits(MarkovSource chain, int d) {
        if (d < 1) throw new IllegalArgumentException("distance must be at least 1, got " + d);
        int v = chain.alphabetSize(), k = chain.order(), n = Math.max(k, d + 1) + k;
        int at = k - 1;                      // the first symbol after a full state, so both ends are stationary
        int[] unknown = new int[n];
        java.util.Arrays.fill(unknown, -1);
        double[] pa = new Posterior(chain, unknown).marginal(at);
        double[] pb = new Posterior(chain, unknown).marginal(at + d);
        double mi = 0;
        for (int a = 0; a < v; a++) {
            if (pa[a] == 0) continue;
            int[] x = unknown.clone();
            x[at] = a;
            double[] cond = new Posterior(chain, x).marginal(at + d);
            for (int b = 0; b < v; b++)
                if (cond[b] > 0) mi += pa[a] * cond[b] * Math.log(cond[b] / pb[b]);
        }
        return Math.max(0, mi / Math.log(2));
    }
}
