package dev.dilate.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Who was revealed when: for every generated position the step that revealed it, its token, the
 * token's probability and the position's entropy at that step (and, when asked for, the most
 * probable tokens there with their probabilities); for every step the positions it revealed and
 * its wall time. Positions are offsets after the prompt.
 */
public final class Trace {

    /**
     * One denoising step: a single denoiser call (two with guidance), what it revealed, and what
     * it rewrote (token editing; empty otherwise); {@code forwarded} counts the canvas positions
     * its call(s) recomputed (the whole canvas per call without a cache), which is what the step cost.
     */
    public record Step(int index, int block, int nfe, int forwarded, int[] positions, int[] tokens,
                       int[] edited, int[] editedTokens, long nanos) {}

    private final int[] stepOf;
    private final int[] token;
    private final double[] probability;
    private final double[] entropyBits;
    private final int[][] alternativeTokens;
    private final double[][] alternativeProbabilities;
    private final List<Step> steps = new ArrayList<>();

    Trace(int genLength) {
        stepOf = new int[genLength];
        Arrays.fill(stepOf, -1);
        token = new int[genLength];
        Arrays.fill(token, -1);
        probability = new double[genLength];
        entropyBits = new double[genLength];
        alternativeTokens = new int[genLength][];
        alternativeProbabilities = new double[genLength][];
    }

    void reveal(int offset, int step, int tok, double p, double h) {
        stepOf[offset] = step;
        token[offset] = tok;
        probability[offset] = p;
        entropyBits[offset] = h;
    }

    /** A revealed position's token rewritten (token editing): the step that revealed it stays. */
    void edit(int offset, int tok, double p) {
        token[offset] = tok;
        probability[offset] = p;
    }

    void alternatives(int offset, int[] tokens, double[] probabilities) {
        alternativeTokens[offset] = tokens;
        alternativeProbabilities[offset] = probabilities;
    }

    void addStep(Step s) { steps.add(s); }

    /** G: generated positions, revealed or not. */
    public int length() { return stepOf.length; }
    /** Step that revealed the position, or -1 if it was never revealed (decoding stopped first). */
    public int stepOf(int offset) { return stepOf[offset]; }
    /** Token at the position at the end (as revealed, or as last rewritten), or -1 if it was never revealed. */
    public int token(int offset) { return token[offset]; }
    /** Probability of the revealed token under the clean distribution at that step. */
    public double probability(int offset) { return probability[offset]; }
    /** Entropy of the position's predictive distribution at the step that revealed it, in bits (0 if never revealed). */
    public double entropyBits(int offset) { return entropyBits[offset]; }
    /** The most probable tokens at the position when it was revealed, most probable first (empty unless asked for). */
    public int[] alternativeTokens(int offset) { return alternativeTokens[offset] == null ? new int[0] : alternativeTokens[offset].clone(); }
    /** Their probabilities, in the same order. */
    public double[] alternativeProbabilities(int offset) {
        return alternativeProbabilities[offset] == null ? new double[0] : alternativeProbabilities[offset].clone();
    }
    /** Every step, in order (an unmodifiable copy). */
    public List<Step> steps() { return List.copyOf(steps); }

    /** Canvas positions recomputed over all steps. */
    public long forwardedPositions() {
        long n = 0;
        for (Step s : steps) n += s.forwarded();
        return n;
    }
}
