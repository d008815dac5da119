package dev.dilate.planner;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The fixed unmasking schedules of the DUS paper's official code, as 0-based offsets inside a
 * block of B positions. Each level is revealed by one denoiser call.
 */
public final class Levels {
    private Levels() {}

    /**
     * The dilated lattice: strides B/a^skip, then repeatedly divided by a (floor), each level the
     * not-yet-taken offsets that are multiples of the stride; leftovers form a last level, and a
     * last level smaller than the one before it is folded into it. When B is not a power of a the
     * strides skip values, so the last level can contain adjacent offsets and there may be fewer
     * than ceil(log_a B) levels: that is the official behaviour, kept on purpose.
     */
    public static List<int[]> dilated(int blockSize, int base, int skip) {
        if (blockSize < 1) throw new IllegalArgumentException("block size must be at least 1, got " + blockSize);
        if (base < 1) throw new IllegalArgumentException("DUS base a must be at least 1, got " + base);
        if (skip < 1) throw new IllegalArgumentException("DUS skip must be at least 1, got " + skip);
        List<int[]> levels = new ArrayList<>();
        if (base == 1) {
            levels.add(range(blockSize));
            return levels;
        }
        boolean[] taken = new boolean[blockSize];
        long divisor = 1;
        for (int i = 0; i < skip && divisor <= blockSize; i++) divisor *= base;
        for (int stride = (int) (blockSize / divisor); stride >= 1; stride /= base) {
            List<Integer> level = new ArrayList<>();
            for (int k = 0; k < blockSize; k += stride) {
                if (!taken[k]) { taken[k] = true; level.add(k); }
            }
            if (!level.isEmpty()) levels.add(toArray(level));
        }
        List<Integer> rest = new ArrayList<>();
        for (int k = 0; k < blockSize; k++) if (!taken[k]) rest.add(k);
        if (!rest.isEmpty()) levels.add(toArray(rest));
        return mergeLast(levels);
    }

    /** Recursive midpoints ((lo+hi)/2 first, then each half), the DUS repository's default scheduler. */
    public static List<int[]> binary(int blockSize) {
        if (blockSize < 1) throw new IllegalArgumentException("block size must be at least 1, got " + blockSize);
        List<List<Integer>> byDepth = new ArrayList<>();
        midpoints(0, blockSize - 1, 0, byDepth);
        List<int[]> levels = new ArrayList<>();
        for (List<Integer> l : byDepth) levels.add(toArray(l));
        return mergeLast(levels);
    }

    private static void midpoints(int lo, int hi, int depth, List<List<Integer>> out) {
        if (lo > hi) return;
        if (out.size() <= depth) out.add(new ArrayList<>());
        int mid = (lo + hi) >>> 1;
        out.get(depth).add(mid);
        midpoints(lo, mid - 1, depth + 1, out);
        midpoints(mid + 1, hi, depth + 1, out);
    }

    /** Folds a last level that is smaller than the one before it into that one (official merge rule). */
    static List<int[]> mergeLast(List<int[]> levels) {
        int n = levels.size();
        if (n >= 2 && levels.get(n - 1).length < levels.get(n - 2).length) {
            TreeSet<Integer> merged = new TreeSet<>();
            for (int k : levels.get(n - 2)) merged.add(k);
            for (int k : levels.get(n - 1)) merged.add(k);
            levels.remove(n - 1);
            levels.set(n - 2, merged.stream().mapToInt(Integer::intValue).toArray());
        }
        return levels;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }

    private static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
