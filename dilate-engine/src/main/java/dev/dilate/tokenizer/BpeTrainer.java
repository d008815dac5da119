package dev.dilate.tokenizer;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.dilate.format.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte-level BPE training, as GPT-2's tokenizer was made: the text is split into words by a
 * pre-tokenizer regex, each word is its UTF-8 bytes (spelled in {@link ByteAlphabet}'s printable
 * characters), and the most frequent adjacent pair of symbols is merged into a new symbol until
 * the vocabulary has the size asked for. Ties go to the pair of lower ids, so a corpus always
 * gives the same merges.
 *
 * <p>Performance notes. The pair counts are kept up to date instead of recounted: a merge
 * touches only the words that contain its pair (an index from pair to words), and a priority
 * queue with lazy deletion (an entry is stale when its count no longer matches) finds the next
 * best pair. A million words of English train 8,000 merges in seconds.
 */
public final class BpeTrainer {
    private BpeTrainer() {}

    /**
     * The learned vocabulary: token strings by id (the 256 single bytes first, then one per
     * merge, in merge order) and the merges as pairs of token strings.
     */
    public record Result(List<String> tokens, List<String[]> merges) {
        /**
         * Writes Hugging Face's {@code tokenizer.json}: a BPE model behind GPT-2's byte-level
         * pre-tokenizer (its regex, no prefix space) and decoder, with the special tokens given
         * numbered after the learned ones. {@link TokenizerJson} and Hugging Face's tokenizers read it.
         */
        public void save(Path file, List<String> specials) throws IOException {
            JsonObject model = new JsonObject();
            model.addProperty("type", "BPE");
            model.add("dropout", JsonNull.INSTANCE);
            model.add("unk_token", JsonNull.INSTANCE);
            model.add("continuing_subword_prefix", JsonNull.INSTANCE);
            model.add("end_of_word_suffix", JsonNull.INSTANCE);
            model.addProperty("fuse_unk", false);
            model.addProperty("byte_fallback", false);
            model.addProperty("ignore_merges", false);
            JsonObject vocab = new JsonObject();
            for (int id = 0; id < tokens.size(); id++) vocab.addProperty(tokens.get(id), id);
            model.add("vocab", vocab);
            JsonArray ms = new JsonArray();
            for (String[] m : merges) ms.add(m[0] + " " + m[1]);
            model.add("merges", ms);

            JsonArray added = new JsonArray();
            for (int i = 0; i < specials.size(); i++) {
                JsonObject t = new JsonObject();
                t.addProperty("id", tokens.size() + i);
                t.addProperty("content", specials.get(i));
                t.addProperty("single_word", false);
                t.addProperty("lstrip", false);
                t.addProperty("rstrip", false);
                t.addProperty("normalized", false);
                t.addProperty("special", true);
                added.add(t);
            }
            JsonObject byteLevel = new JsonObject();
            byteLevel.addProperty("type", "ByteLevel");
            byteLevel.addProperty("add_prefix_space", false);
            byteLevel.addProperty("trim_offsets", true);
            byteLevel.addProperty("use_regex", true);
            JsonObject root = new JsonObject();
            root.addProperty("version", "1.0");
            root.add("truncation", JsonNull.INSTANCE);
            root.add("padding", JsonNull.INSTANCE);
            root.add("added_tokens", added);
            root.add("normalizer", JsonNull.INSTANCE);
            root.add("pre_tokenizer", byteLevel);
            root.add("post_processor", JsonNull.INSTANCE);
            root.add("decoder", byteLevel);
            root.add("model", model);
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            Files.writeString(file, Json.line(root));
        }
    }

    /**
     * Trains on {@code text} split by {@code regex} (e.g. {@link PreTokenizer#GPT2}) until there
     * are {@code vocabSize} tokens or no pair occurs twice.
     */
    public static Result train(String text, String regex, int vocabSize) {
        if (vocabSize < 256) throw new IllegalArgumentException("a byte-level vocabulary has at least 256 tokens, asked for " + vocabSize);
        Map<String, Integer> counts = new HashMap<>();
        Matcher m = PreTokenizer.compile(regex).matcher(text);
        while (m.find()) counts.merge(m.group(), 1, Integer::sum);

        List<String> tokens = new ArrayList<>();
        for (int b = 0; b < 256; b++) tokens.add(String.valueOf(ByteAlphabet.charOf(b)));
        List<int[]> words = new ArrayList<>();
        List<Integer> freq = new ArrayList<>();
        // Sorted so that word indices, and hence nothing downstream, depend on hash order.
        counts.keySet().stream().sorted().forEach(w -> {
            byte[] bytes = w.getBytes(StandardCharsets.UTF_8);
            int[] symbols = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) symbols[i] = bytes[i] & 0xFF;
            words.add(symbols);
            freq.add(counts.get(w));
        });

        Map<Long, Long> pairCount = new HashMap<>();
        Map<Long, Set<Integer>> pairWords = new HashMap<>();
        for (int w = 0; w < words.size(); w++) addPairs(words.get(w), freq.get(w), w, pairCount, pairWords, null);
        PriorityQueue<long[]> queue = new PriorityQueue<>(BpeTrainer::better);
        pairCount.forEach((pair, n) -> queue.add(new long[] {n, pair}));

        List<String[]> merges = new ArrayList<>();
        while (tokens.size() < vocabSize && !queue.isEmpty()) {
            long[] top = queue.poll();
            long pair = top[1];
            if (pairCount.getOrDefault(pair, 0L) != top[0]) continue;   // stale entry
            if (top[0] < 2) break;
            int a = (int) (pair >>> 32), b = (int) pair, merged = tokens.size();
            tokens.add(tokens.get(a) + tokens.get(b));
            merges.add(new String[] {tokens.get(a), tokens.get(b)});
            Set<Long> changed = new HashSet<>();
            for (int w : List.copyOf(pairWords.getOrDefault(pair, Set.of()))) {
                int[] before = words.get(w);
                removePairs(before, freq.get(w), w, pairCount, pairWords, changed);
                int[] after = merge(before, a, b, merged);
                words.set(w, after);
                addPairs(after, freq.get(w), w, pairCount, pairWords, changed);
            }
            for (long p : changed) {
                long n = pairCount.getOrDefault(p, 0L);
                if (n > 0) queue.add(new long[] {n, p});
            }
        }
        return new Result(List.copyOf(tokens), List.copyOf(merges));
    }

    /** Higher count first; among equal counts the pair of lower ids. */
    private static int better(long[] x, long[] y) {
        if (x[0] != y[0]) return Long.compare(y[0], x[0]);
        return Long.compare(x[1], y[1]);
    }

    private static long key(int a, int b) { return ((long) a << 32) | (b & 0xFFFFFFFFL); }

    private static void addPairs(int[] w, int n, int word, Map<Long, Long> counts, Map<Long, Set<Integer>> index, Set<Long> changed) {
        for (int i = 0; i + 1 < w.length; i++) {
            long k = key(w[i], w[i + 1]);
            counts.merge(k, (long) n, Long::sum);
            index.computeIfAbsent(k, x -> new HashSet<>()).add(word);
            if (changed != null) changed.add(k);
        }
    }

    private static void removePairs(int[] w, int n, int word, Map<Long, Long> counts, Map<Long, Set<Integer>> index, Set<Long> changed) {
        for (int i = 0; i + 1 < w.length; i++) {
            long k = key(w[i], w[i + 1]);
            if (counts.merge(k, (long) -n, Long::sum) <= 0) counts.remove(k);
            Set<Integer> ws = index.get(k);
            if (ws != null) ws.remove(word);
            changed.add(k);
        }
    }

    /** The word with every non-overlapping occurrence of (a, b), left to right, replaced by the merged symbol. */
    private static int[] merge(int[] w, int a, int b, int merged) {
        int[] out = new int[w.length];
        int n = 0;
        for (int i = 0; i < w.length; i++) {
            if (i + 1 < w.length && w[i] == a && w[i + 1] == b) {
                out[n++] = merged;
                i++;
            } else {
                out[n++] = w[i];
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
