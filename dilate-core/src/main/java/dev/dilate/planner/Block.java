package dev.dilate.planner;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * What a planner sees of the block being decoded: where it lies on the canvas, which of its
 * positions are still masked, and how many denoiser calls the block has had so far.
 * Positions are absolute canvas indices.
 */
public final class Block {
    private final int start;
    private final int size;
    private final boolean[] masked;
    private final SplittableRandom rng;
    private int step;

    /**
     * A block with every position masked, at step 0.
     *
     * @param start first canvas position of the block
     * @param size  number of positions B
     * @param rng   the planner's own random stream (seeded by the generator)
     */
    public Block(int start, int size, SplittableRandom rng) {
        if (size < 1) throw new IllegalArgumentException("block size must be at least 1, got " + size);
        this.start = start;
        this.size = size;
        this.masked = new boolean[size];
        Arrays.fill(masked, true);
        this.rng = rng;
    }

    /** First canvas position of the block. */
    public int start() { return start; }
    /** Number of positions B, masked or not. */
    public int size() { return size; }
    /** Denoiser calls already spent on this block (0 on the first step). */
    public int step() { return step; }
    /** The planner's own random stream; the generator splits it from the decode's seed, so a seed repeats the random picks. */
    public SplittableRandom rng() { return rng; }

    /** True when {@code position} lies in this block and is still masked; false for any position outside it. */
    public boolean isMasked(int position) {
        int offset = position - start;
        return offset >= 0 && offset < size && masked[offset];
    }

    /** Still-masked positions of the block, ascending. */
    public int[] masked() {
        int[] out = new int[maskedCount()];
        for (int i = 0, n = 0; i < size; i++) if (masked[i]) out[n++] = start + i;
        return out;
    }

    /** Number of positions still masked. */
    public int maskedCount() {
        int n = 0;
        for (boolean m : masked) if (m) n++;
        return n;
    }

    /** True once no position of the block is masked. */
    public boolean done() { return maskedCount() == 0; }

    /** Called by the generator once the planner's picks are written to the canvas. */
    public void reveal(int[] positions) {
        for (int p : positions) {
            if (!isMasked(p)) throw new IllegalStateException("position " + p + " is not a masked position of this block");
            masked[p - start] = false;
        }
        step++;
    }

    /** Marks a position as already known before decoding starts (e.g. a fixed token inside the block). */
    public void markKnown(int position) {
        if (isMasked(position)) masked[position - start] = false;
    }
}
