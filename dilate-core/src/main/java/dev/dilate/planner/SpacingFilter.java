package dev.dilate.planner;

import java.util.ArrayList;
import java.util.List;

/**
 * Dilated spacing as a post-filter (paper Sec. 4.4): keep the wrapped planner's picks in its
 * order, accepting each only if it lies at least {@code gap} positions from every pick accepted
 * before it. Rejected picks stay masked and are reconsidered next step; the first is always kept.
 *
 * <p>Adaptive gap (the DUS repository's rule): gap = max(2, floor(M g0 / B)) with M the block's
 * masked count, so the gap shrinks as the block fills but never below 2. Fixed gap: a constant.
 */
public final class SpacingFilter implements Planner {
    private final Planner inner;
    private final int startStride;
    private final int fixedGap;

    private SpacingFilter(Planner inner, int startStride, int fixedGap) {
        this.inner = inner;
        this.startStride = startStride;
        this.fixedGap = fixedGap;
    }

    /** Adaptive gap from a start stride g0 (g0 = 0 turns the filter off). */
    public static SpacingFilter adaptive(Planner inner, int g0) {
        if (g0 < 0) throw new IllegalArgumentException("spacing start stride g0 must be >= 0, got " + g0);
        return new SpacingFilter(inner, g0, 0);
    }

    /** A fixed minimum distance between co-decoded positions (1 turns the filter off). */
    public static SpacingFilter fixed(Planner inner, int gap) {
        if (gap < 1) throw new IllegalArgumentException("spacing gap must be >= 1, got " + gap);
        return new SpacingFilter(inner, 0, gap);
    }

    int gap(Block block) {
        if (fixedGap > 0) return fixedGap;
        if (startStride == 0) return 1;
        return Math.max(2, block.maskedCount() * startStride / block.size());
    }

    @Override public void startBlock(Block block) { inner.startBlock(block); }
    @Override public int[] candidates(Block block) { return inner.candidates(block); }
    @Override public boolean selectsAtRandom() { return inner.selectsAtRandom(); }

    @Override
    public int[] select(Block block, Predictions predictions) {
        int[] picks = inner.select(block, predictions);
        int gap = gap(block);
        if (gap <= 1) return picks;
        List<Integer> accepted = new ArrayList<>();
        for (int p : picks) {
            boolean farEnough = true;
            for (int q : accepted) if (Math.abs(p - q) < gap) { farEnough = false; break; }
            if (farEnough) accepted.add(p);
        }
        return accepted.stream().mapToInt(Integer::intValue).toArray();
    }
}
