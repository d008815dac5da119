package dev.dilate.oracle;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A stationary Markov chain of order k over V symbols: the next symbol depends on the k before it.
 *
 * <p>Internally the chain runs on states z = the last k symbols, written in base V with the oldest
 * symbol most significant, so an order-k chain is an order-1 chain on V^k states whose next state
 * is {@code (z mod V^(k-1)) V + v}. The first k symbols come from the stationary distribution of
 * that state chain, so every window of the sequence has the same law.
 */
public final class MarkovSource {
    private final int order;
    private final List<String> symbols;
    private final double[][] transition;
    private final double[] initial;

    /**
     * A chain of order k over {@code symbols}; the transition table is kept, not copied.
     *
     * @param transition V^k rows (contexts, oldest symbol most significant) of V probabilities
     * @param initial    law of the first k symbols as a state, or null for the stationary one
     * @throws IllegalArgumentException if k is below 1, V below 2, V^(k+1) above 2^24, or a row or
     *         {@code initial} has the wrong length, a negative or non-finite entry, or does not sum to 1
     */
    public MarkovSource(int order, List<String> symbols, double[][] transition, double[] initial) {
        int v = symbols.size();
        if (order < 1) throw new IllegalArgumentException("chain order must be at least 1, got " + order);
        if (v < 2) throw new IllegalArgumentException("a chain needs at least 2 symbols, got " + v);
        if (Math.pow(v, order + 1) > (1 << 24))
            throw new IllegalArgumentException("chain too large: " + v + " symbols at order " + order + " gives " + (long) Math.pow(v, order) + " contexts");
        int states = pow(v, order);
        if (transition.length != states)
            throw new IllegalArgumentException("transition table has " + transition.length + " rows, expected V^k = " + states);
        for (int z = 0; z < states; z++) checkDistribution(transition[z], v, "transition row " + z);
        this.order = order;
        this.symbols = List.copyOf(symbols);
        this.transition = transition;
        if (initial != null) checkDistribution(initial, states, "initial distribution");
        this.initial = initial != null ? initial : stationary(transition, v, order);
    }

    private static void checkDistribution(double[] p, int length, String what) {
        if (p.length != length) throw new IllegalArgumentException(what + " has " + p.length + " entries, expected " + length);
        double sum = 0;
        for (double x : p) {
            if (!(x >= 0) || Double.isInfinite(x)) throw new IllegalArgumentException(what + " has a negative or non-finite entry " + x);
            sum += x;
        }
        if (Math.abs(sum - 1) > 1e-6) throw new IllegalArgumentException(what + " sums to " + sum + ", not 1");
    }

    /** Stationary law of the state chain by power iteration on the lazy chain (P + I)/2, which converges even for periodic P. */
    private static double[] stationary(double[][] t, int v, int order) {
        int states = t.length, keep = states / v;
        double[] pi = new double[states];
        Arrays.fill(pi, 1.0 / states);
        for (int iter = 0; iter < 200_000; iter++) {
            double[] next = new double[states];
            for (int z = 0; z < states; z++) {
                next[z] += 0.5 * pi[z];
                int base = (z % keep) * v;
                for (int s = 0; s < v; s++) next[base + s] += 0.5 * pi[z] * t[z][s];
            }
            double diff = 0;
            for (int z = 0; z < states; z++) diff += Math.abs(next[z] - pi[z]);
            pi = next;
            if (diff < 1e-15) break;
        }
        return pi;
    }

    /** k, the number of preceding symbols the next one depends on. */
    public int order() { return order; }
    /** V, the number of symbols; symbol ids are 0..V-1. */
    public int alphabetSize() { return symbols.size(); }
    /** The symbols' texts, indexed by id (unmodifiable). */
    public List<String> symbols() { return symbols; }
    int states() { return transition.length; }
    double transition(int state, int symbol) { return transition[state][symbol]; }
    double initial(int state) { return initial[state]; }

    /** The state after symbol v follows state z. */
    int next(int z, int v) { return (z % (transition.length / symbols.size())) * symbols.size() + v; }

    /** Symbol at distance {@code back} before the newest one in state z (0 = newest). */
    int digit(int z, int back) {
        for (int i = 0; i < back; i++) z /= symbols.size();
        return z % symbols.size();
    }

    /** Text to symbol ids: one character per symbol, or whitespace-separated symbols when they are longer. */
    public int[] encode(String text) {
        boolean chars = symbols.stream().allMatch(s -> s.codePointCount(0, s.length()) == 1);
        List<String> parts = new java.util.ArrayList<>();
        if (chars) text.codePoints().forEach(c -> parts.add(Character.toString(c)));
        else for (String s : text.trim().split("\\s+")) if (!s.isEmpty()) parts.add(s);
        int[] ids = new int[parts.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = symbols.indexOf(parts.get(i));
            if (ids[i] < 0) throw new IllegalArgumentException("'" + parts.get(i) + "' is not a symbol of this source (symbols: "
                    + String.join("", symbols.size() <= 64 ? symbols : symbols.subList(0, 64)) + ")");
        }
        return ids;
    }

    /** Draws n >= k symbols from the chain. */
    public int[] sample(int n, SplittableRandom rng) {
        if (n < order) throw new IllegalArgumentException("need at least k = " + order + " symbols, asked for " + n);
        int[] x = new int[n];
        int z = draw(initial, rng);
        for (int i = 0; i < order; i++) x[i] = digit(z, order - 1 - i);
        for (int i = order; i < n; i++) {
            x[i] = draw(transition[z], rng);
            z = next(z, x[i]);
        }
        return x;
    }

    /** Natural log-probability of a whole sequence of at least k symbols. */
    public double logProb(int[] x) {
        if (x.length < order) throw new IllegalArgumentException("need at least k = " + order + " symbols, got " + x.length);
        int z = 0;
        for (int i = 0; i < order; i++) z = z * symbols.size() + x[i];
        double lp = Math.log(initial[z]);
        for (int i = order; i < x.length; i++) {
            lp += Math.log(transition[z][x[i]]);
            z = next(z, x[i]);
        }
        return lp;
    }

    private static int draw(double[] p, SplittableRandom rng) {
        double u = rng.nextDouble();
        for (int i = 0; i < p.length; i++) if ((u -= p[i]) < 0) return i;
        for (int i = p.length - 1; i >= 0; i--) if (p[i] > 0) return i;
        return p.length - 1;
    }

    static int pow(int v, int k) {
        int r = 1;
        for (int i = 0; i < k; i++) r *= v;
        return r;
    }
}
