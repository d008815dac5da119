package dev.dilate.oracle;

/**
 * Exact inference in a {@link MarkovSource} given some revealed symbols: forward and backward
 * messages over the chain's k-symbol states (forward-backward), each normalised per position.
 *
 * <p>Position i (i >= k-1) carries the state Z_i = (x_{i-k+1} .. x_i); the first k symbols all
 * live in Z_{k-1}. {@code forward(i)} is proportional to p(Z_i, evidence at positions <= i) and
 * {@code backward(i)} to p(evidence at positions > i | Z_i). Cost: O(n V^(k+1)).
 */
final class Posterior {
    final MarkovSource chain;
    final int[] x;
    private final double[][] forward;
    private final double[][] backward;

    /** @param x symbols, or -1 where unknown; at least k positions */
    Posterior(MarkovSource chain, int[] x) {
        int n = x.length, k = chain.order();
        if (n < k) throw new IllegalArgumentException("sequence of " + n + " symbols is shorter than the chain order " + k);
        this.chain = chain;
        this.x = x;
        int first = k - 1, states = chain.states();
        forward = new double[n][];
        backward = new double[n][];
        double[] a = new double[states];
        for (int z = 0; z < states; z++) a[z] = consistentPrefix(z) ? chain.initial(z) : 0;
        forward[first] = normalised(a, "the revealed symbols at the start have probability 0");
        for (int i = first + 1; i < n; i++) forward[i] = normalised(step(forward[i - 1], i), "revealed symbol at position " + i + " has probability 0");
        double[] b = new double[states];
        java.util.Arrays.fill(b, 1.0);
        backward[n - 1] = b;
        for (int i = n - 2; i >= first; i--) {
            double[] nb = new double[states];
            for (int z = 0; z < states; z++) {
                double s = 0;
                for (int v = 0; v < chain.alphabetSize(); v++)
                    if (allowed(i + 1, v)) s += chain.transition(z, v) * backward[i + 1][chain.next(z, v)];
                nb[z] = s;
            }
            backward[i] = normalised(nb, "revealed symbols after position " + i + " have probability 0");
        }
    }

    int length() { return x.length; }
    double[] forward(int i) { return forward[i]; }
    double[] backward(int i) { return backward[i]; }

    boolean allowed(int i, int v) { return x[i] < 0 || x[i] == v; }

    /** Pushes a message at position i-1 to position i, applying the evidence at i (not normalised). */
    double[] step(double[] message, int i) {
        double[] out = new double[message.length];
        int v = chain.alphabetSize();
        for (int z = 0; z < message.length; z++) {
            if (message[z] == 0) continue;
            for (int s = 0; s < v; s++)
                if (allowed(i, s)) out[chain.next(z, s)] += message[z] * chain.transition(z, s);
        }
        return out;
    }

    /** p(x_i = v | evidence) for every v. */
    double[] marginal(int i) {
        int k = chain.order(), at = Math.max(i, k - 1), back = at - i;
        double[] p = new double[chain.alphabetSize()];
        double[] f = forward[at], b = backward[at];
        for (int z = 0; z < f.length; z++) p[chain.digit(z, back)] += f[z] * b[z];
        return normalised(p, "position " + i);
    }

    private boolean consistentPrefix(int z) {
        int k = chain.order();
        for (int j = 0; j < k; j++) if (!allowed(j, chain.digit(z, k - 1 - j))) return false;
        return true;
    }

    static double[] normalised(double[] p, String what) {
        double s = 0;
        for (double v : p) s += v;
        if (!(s > 0)) throw new IllegalArgumentException("impossible evidence: " + what);
        for (int i = 0; i < p.length; i++) p[i] /= s;
        return p;
    }

    static double entropyBits(double[] p) {
        double h = 0;
        for (double q : p) if (q > 0) h -= q * Math.log(q);
        return h / Math.log(2);
    }
}
