package dev.dilate.eval.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A word n-gram language model with interpolated modified Kneser-Ney smoothing (Chen and Goodman,
 * "An empirical study of smoothing techniques for language modeling", 1998, section 3.5), estimated
 * as KenLM's lmplz does: the highest order and n-grams that begin with {@code <s>} keep their raw
 * counts, every other order uses continuation counts (how many distinct words precede it), three
 * discounts per order come from the counts of counts, and the unigrams are interpolated with the
 * uniform distribution over the vocabulary, so an unseen word ({@code <unk>}) has a probability.
 *
 * <pre>
 *   p_k(w | h) = max(a(hw) - D_k(a(hw)), 0) / A(h)  +  gamma_k(h) p_{k-1}(w | h')
 *   gamma_k(h) = (D_k1 N1(h) + D_k2 N2(h) + D_k3+ N3+(h)) / A(h),   A(h) = sum_w a(hw)
 *   D_kj = j - (j+1) Y t_{j+1} / t_j,   Y = t_1 / (t_1 + 2 t_2)   (t_j: k-grams with a = j)
 * </pre>
 * A context never seen at order k passes straight to order k-1. Sentences are padded with one
 * {@code <s>} and end in {@code </s>}, which is predicted like a word.
 */
public final class KneserNey {
    public static final int UNK = 0, BOS = 1, EOS = 2;
    private static final int BITS = 21;                  // ids packed three to a long
    private static final int MAX_ORDER = 3;

    private final int order;
    private final Map<String, Integer> ids;
    /** adjusted.get(k-1): the adjusted count a of every k-gram seen. */
    private final List<Map<Long, Integer>> adjusted = new ArrayList<>();
    /** contexts.get(k-1): for every (k-1)-gram context at order k, {A, N1, N2, N3+}. */
    private final List<Map<Long, int[]>> contexts = new ArrayList<>();
    /** discounts[k-1][j] for j = 1, 2, 3 (3 meaning 3 or more); [0] unused. */
    private final double[][] discounts;

    /** Estimates an order-n model (1 to 3) from sentences already split into words. */
    public KneserNey(int order, List<List<String>> sentences) {
        if (order < 1 || order > MAX_ORDER) throw new IllegalArgumentException("order must be 1 to " + MAX_ORDER + ", got " + order);
        this.order = order;
        this.ids = new HashMap<>(Map.of("<unk>", UNK, "<s>", BOS, "</s>", EOS));
        List<Map<Long, Integer>> raw = new ArrayList<>();
        for (int k = 0; k < order; k++) raw.add(new HashMap<>());
        for (List<String> sentence : sentences) {
            int[] s = padded(sentence, true);
            for (int end = 1; end < s.length; end++)           // every k-gram ending at a word (not at <s>)
                for (int k = 1; k <= order && end - k + 1 >= 0; k++)
                    raw.get(k - 1).merge(pack(s, end - k + 1, k), 1, Integer::sum);
        }
        if (raw.getFirst().isEmpty()) throw new IllegalArgumentException("no words to estimate a language model from");
        if (ids.size() >= 1 << BITS) throw new IllegalArgumentException("vocabulary over " + (1 << BITS) + " words");
        for (int k = 1; k < order; k++) {
            Map<Long, Integer> a = new HashMap<>();
            for (Map.Entry<Long, Integer> g : raw.get(k - 1).entrySet())
                if (first(g.getKey(), k) == BOS) a.put(g.getKey(), g.getValue());
            for (long longer : raw.get(k).keySet()) {           // each distinct (k+1)-gram v g counts once for g
                long g = suffix(longer, k + 1);
                if (first(g, k) != BOS) a.merge(g, 1, Integer::sum);
            }
            adjusted.add(a);
        }
        adjusted.add(raw.get(order - 1));
        discounts = new double[order][];
        for (int k = 1; k <= order; k++) {
            discounts[k - 1] = discounts(adjusted.get(k - 1));
            Map<Long, int[]> c = new HashMap<>();
            for (Map.Entry<Long, Integer> g : adjusted.get(k - 1).entrySet()) {
                int[] stats = c.computeIfAbsent(prefix(g.getKey()), x -> new int[4]);
                stats[0] += g.getValue();
                stats[Math.min(g.getValue(), 3)]++;
            }
            contexts.add(c);
        }
    }

    public int order() { return order; }

    /** Words the model knows, {@code <unk>} and {@code </s>} included ({@code <s>} is never predicted). */
    public int vocabularySize() { return ids.size() - 1; }

    public boolean knows(String word) { return ids.containsKey(word); }

    /** The natural-log probability of {@code word} after {@code history} (the last order-1 words are used). */
    public double logProb(List<String> history, String word) {
        int n = Math.min(history.size(), order - 1);
        int[] g = new int[n + 1];
        for (int i = 0; i < n; i++) g[i] = id(history.get(history.size() - n + i));
        g[n] = id(word);
        return Math.log(prob(g, 0));
    }

    /** p of g's last word given the words g[from..] before it, interpolated down to the uniform. */
    private double prob(int[] g, int from) {
        int k = g.length - from;
        if (k == 0) return 1.0 / vocabularySize();
        double lower = prob(g, from + 1);
        long gram = pack(g, from, k);
        int[] stats = contexts.get(k - 1).get(prefix(gram));
        if (stats == null) return lower;                     // context unseen at this order
        int a = adjusted.get(k - 1).getOrDefault(gram, 0);
        double[] d = discounts[k - 1];
        double gamma = (d[1] * stats[1] + d[2] * stats[2] + d[3] * stats[3]) / stats[0];
        return Math.max(a - d[Math.min(a, 3)], 0) / stats[0] + gamma * lower;
    }

    /**
     * D_1..D_3+ from the counts of counts. On data too small for the estimate (some t_j zero, or a
     * discount outside (0, j]) the order falls back to the textbook 0.5, 1, 1.5 rather than fail.
     */
    private static double[] discounts(Map<Long, Integer> counts) {
        long[] t = new long[5];
        for (int a : counts.values()) if (a <= 4) t[a]++;
        double[] d = {0, 0.5, 1.0, 1.5};
        if (t[1] == 0 || t[2] == 0 || t[3] == 0 || t[4] == 0) return d;
        double y = t[1] / (t[1] + 2.0 * t[2]);
        double[] est = {0, 1 - 2 * y * t[2] / t[1], 2 - 3 * y * t[3] / t[2], 3 - 4 * y * t[4] / t[3]};
        for (int j = 1; j <= 3; j++) if (!(est[j] > 0 && est[j] <= j)) return d;
        return est;
    }

    /** The sentence as ids after one {@code <s>}, ending in {@code </s>}; new words join the vocabulary only while estimating. */
    private int[] padded(List<String> words, boolean learn) {
        int[] s = new int[words.size() + 2];
        s[0] = BOS;
        for (int i = 0; i < words.size(); i++)
            s[i + 1] = learn ? ids.computeIfAbsent(words.get(i), w -> ids.size()) : id(words.get(i));
        s[s.length - 1] = EOS;
        return s;
    }

    private int id(String word) { return ids.getOrDefault(word, UNK); }

    private static long pack(int[] s, int from, int k) {
        long key = 0;
        for (int i = 0; i < k; i++) key = (key << BITS) | s[from + i];
        return key;
    }

    private static long prefix(long gram) { return gram >>> BITS; }     // all but the last word

    private static long suffix(long gram, int k) { return gram & ((1L << (BITS * (k - 1))) - 1); }   // the last k-1

    private static int first(long gram, int k) { return (int) (gram >>> (BITS * (k - 1))); }
}
