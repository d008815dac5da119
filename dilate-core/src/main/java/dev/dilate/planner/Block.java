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
    private final boolean[] masked, known;
    /** The token the decoder wrote at each position it revealed (or rewrote), -1 elsewhere. */
    private final int[] tokens;
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
        this.known = new boolean[size];
        this.tokens = new int[size];
        Arrays.fill(tokens, -1);
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

    /** Called once the planner's picks are written, when the tokens do not matter to the planner (a step ends). */
    public void reveal(int[] positions) {
        int[] unknown = new int[positions.length];
        Arrays.fill(unknown, -1);
        reveal(positions, unknown);
    }

    /** Called by the generator once the planner's picks are written to the canvas as these tokens; a step ends. */
    public void reveal(int[] positions, int[] written) {
        for (int i = 0; i < positions.length; i++) {
            int p = positions[i];
            if (!isMasked(p)) throw new IllegalStateException("position " + p + " is not a masked position of this block");
            masked[p - start] = false;
            tokens[p - start] = written[i];
        }
        step++;
    }

    /** Called by the generator when an editing planner rewrote a revealed position (LLaDA 2.1's token editing). */
    public void rewrite(int position, int token) {
        if (!revealedHere(position)) throw new IllegalStateException("position " + position + " was not revealed in this block, so it cannot be rewritten");
        tokens[position - start] = token;
    }

    /** Positions of the block this decode revealed (not those known beforehand), ascending: what token editing may rewrite. */
    public int[] revealed() {
        return java.util.stream.IntStream.range(0, size).filter(i -> !masked[i] && !known[i]).map(i -> start + i).toArray();
    }

    /** The token written at a position revealed in this block, or -1 when it is not one (or the generator did not say). */
    public int token(int position) { return revealedHere(position) ? tokens[position - start] : -1; }

    private boolean revealedHere(int position) {
        int offset = position - start;
        return offset >= 0 && offset < size && !masked[offset] && !known[offset];
    }

    /** Marks a position as already known before decoding starts (e.g. a prompt token inside the block). */
    public void markKnown(int position) {
        if (isMasked(position)) {
            masked[position - start] = false;
            known[position - start] = true;
        }
    }
}
