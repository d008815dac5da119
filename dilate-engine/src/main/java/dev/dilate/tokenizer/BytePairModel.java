package dev.dilate.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Byte-level BPE over one pre-tokenized word: the word's bytes start as single-byte tokens, and the
 * adjacent pair with the lowest merge rank is merged until no pair has a rank (leftmost first among
 * equal ranks, as the Rust {@code tokenizers} crate does). A heap of candidate pairs makes a word
 * of n bytes cost O(n log n); words seen before come from a cache.
 */
final class BytePairModel {
    /** One merge rule, "left right" in the files. */
    record Merge(String left, String right) {
        String spelled() { return left + " " + right; }
    }

    private static final int CACHE_LIMIT = 1 << 16;

    private final Map<String, Integer> ids;
    private final int[] idOfByte = new int[256];
    private final Map<Long, Long> rankAndResult = new HashMap<>();   // (left id, right id) -> (rank, merged id)
    private final boolean ignoreMerges;
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    /**
     * @param ids          token string to id for every token BPE may produce
     * @param merges       the merge rules, highest priority first
     * @param ignoreMerges whether a word that is itself a token skips merging (Llama-3's option)
     */
    BytePairModel(Map<String, Integer> ids, List<Merge> merges, boolean ignoreMerges) {
        this.ids = ids;
        this.ignoreMerges = ignoreMerges;
        // A byte without a token (small character vocabularies) fails when text needs it, not here.
        for (int b = 0; b < 256; b++) idOfByte[b] = ids.getOrDefault(String.valueOf(ByteAlphabet.charOf(b)), -1);
        for (int rank = 0; rank < merges.size(); rank++) {
            Merge m = merges.get(rank);
            int left = required(m.left(), m), right = required(m.right(), m), merged = required(m.left() + m.right(), m);
            rankAndResult.putIfAbsent(pair(left, right), (long) rank << 32 | merged);
        }
    }

    private int required(String token, Merge m) {
        Integer id = ids.get(token);
        if (id == null) throw new IllegalArgumentException("merge '" + m.spelled() + "' uses '" + token + "', which is not in the vocabulary");
        return id;
    }

    private static long pair(int left, int right) { return (long) left << 32 | (right & 0xFFFFFFFFL); }

    /** The ids of one word of text. */
    int[] encode(String word) {
        int[] hit = cache.get(word);
        if (hit != null) return hit;
        int[] ids = merge(word.getBytes(StandardCharsets.UTF_8));
        if (cache.size() >= CACHE_LIMIT) cache.clear();
        cache.put(word, ids);
        return ids;
    }

    private int[] merge(byte[] bytes) {
        if (ignoreMerges) {
            Integer whole = ids.get(ByteAlphabet.encode(bytes));
            if (whole != null) return new int[] {whole};
        }
        int n = bytes.length;
        int[] id = new int[n], next = new int[n], prev = new int[n];
        for (int i = 0; i < n; i++) {
            id[i] = idOfByte[bytes[i] & 0xFF];
            if (id[i] < 0) throw new IllegalArgumentException(String.format("the vocabulary has no token for byte 0x%02x ('%s')", bytes[i] & 0xFF, ByteAlphabet.charOf(bytes[i])));
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1;
        }
        // Heap entries are (rank << 32 | left position); an entry is stale once either side has changed.
        PriorityQueue<Long> heap = new PriorityQueue<>();
        for (int i = 0; i + 1 < n; i++) offer(heap, id, i, i + 1);
        int count = n;
        while (!heap.isEmpty()) {
            long top = heap.poll();
            int left = (int) top, right = next[left];
            if (id[left] < 0 || right < 0) continue;
            Long found = rankAndResult.get(pair(id[left], id[right]));
            if (found == null || found >>> 32 != top >>> 32) continue;
            id[left] = (int) (long) found;
            id[right] = -1;
            next[left] = next[right];
            if (next[left] >= 0) prev[next[left]] = left;
            count--;
            if (prev[left] >= 0) offer(heap, id, prev[left], left);
            if (next[left] >= 0) offer(heap, id, left, next[left]);
        }
        int[] out = new int[count];
        for (int i = 0, k = 0; i >= 0 && k < count; i = next[i]) out[k++] = id[i];
        return out;
    }

    private void offer(PriorityQueue<Long> heap, int[] id, int left, int right) {
        Long found = rankAndResult.get(pair(id[left], id[right]));
        if (found != null) heap.add((found >>> 32) << 32 | left);
    }
}
