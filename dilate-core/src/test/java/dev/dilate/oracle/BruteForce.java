package dev.dilate.oracle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Exact answers by enumerating every sequence of a tiny chain: the yardstick for the forward-backward code. */
final class BruteForce {
    final List<int[]> sequences = new ArrayList<>();
    final List<Double> probs = new ArrayList<>();

    /** All sequences of length n consistent with the evidence x (-1 = unknown), with their conditional probabilities. */
    BruteForce(MarkovSource chain, int[] x) {
        int n = x.length, v = chain.alphabetSize();
        int total = 1;
        for (int i = 0; i < n; i++) total *= v;
        double z = 0;
        for (int code = 0; code < total; code++) {
            int[] s = new int[n];
            int c = code;
            for (int i = n - 1; i >= 0; i--) { s[i] = c % v; c /= v; }
            boolean ok = true;
            for (int i = 0; i < n && ok; i++) ok = x[i] < 0 || x[i] == s[i];
            if (!ok) continue;
            double p = Math.exp(chain.logProb(s));
            sequences.add(s);
            probs.add(p);
            z += p;
        }
        for (int i = 0; i < probs.size(); i++) probs.set(i, probs.get(i) / z);
    }

    double[] marginal(int i, int v) {
        double[] m = new double[v];
        for (int s = 0; s < sequences.size(); s++) m[sequences.get(s)[i]] += probs.get(s);
        return m;
    }

    /** H(X_I | evidence) in bits. */
    double jointEntropyBits(int[] set) {
        Map<String, Double> law = new HashMap<>();
        for (int s = 0; s < sequences.size(); s++) {
            StringBuilder key = new StringBuilder();
            for (int i : set) key.append(sequences.get(s)[i]).append(',');
            law.merge(key.toString(), probs.get(s), Double::sum);
        }
        double h = 0;
        for (double p : law.values()) if (p > 0) h -= p * Math.log(p);
        return h / Math.log(2);
    }
}
