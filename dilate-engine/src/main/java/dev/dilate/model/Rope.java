package dev.dilate.model;

import dev.dilate.tensor.Parallel;

/**
 * Rotary position embedding over positions 0..L-1 of the whole canvas. Frequencies
 * theta^(-2i/d); the pairing (adjacent or half) is the model's. The trainer also runs the
 * inverse rotation: a rotation's Jacobian is the rotation itself, so its backward pass is the
 * transpose, the rotation by the opposite angle.
 */
public final class Rope {
    private final int headDim, rotaryDims;
    private final boolean half;
    private final float[] cos;
    private final float[] sin;

    /** Angles for positions 0..length-1 of heads of {@code headDim}; {@code half} pairs dimension i with i + headDim/2 (NEOX) rather than with i + 1. */
    public Rope(int length, int headDim, float theta, boolean half) { this(length, headDim, headDim, theta, half); }

    /**
     * Rotates only the first {@code rotaryDims} dimensions of each head (LLaDA 2's partial RoPE),
     * with angles theta^(-2i/rotaryDims); the others pass through unchanged.
     */
    public Rope(int length, int headDim, int rotaryDims, float theta, boolean half) {
        if (rotaryDims < 2 || rotaryDims > headDim || rotaryDims % 2 != 0)
            throw new IllegalArgumentException("RoPE over " + rotaryDims + " of " + headDim + " head dimensions: it needs an even count, at most the head's");
        this.headDim = headDim;
        this.rotaryDims = rotaryDims;
        this.half = half;
        int pairs = rotaryDims / 2;
        cos = new float[length * pairs];
        sin = new float[length * pairs];
        for (int p = 0; p < length; p++)
            for (int i = 0; i < pairs; i++) {
                double angle = p * Math.pow(theta, -2.0 * i / rotaryDims);
                cos[p * pairs + i] = (float) Math.cos(angle);
                sin[p * pairs + i] = (float) Math.sin(angle);
            }
    }

    /** The positions it has angles for. */
    public int length() { return cos.length / (rotaryDims / 2); }

    /**
     * Rotates every head of the first {@code rows} rows of x (rows of heads*headDim values) in
     * place; row r sits at position positions[r], or at r when positions is null.
     */
    public void apply(float[] x, int rows, int[] positions, int heads) { rotate(x, rows, positions, heads, 1); }

    /** Undoes {@link #apply}: rotates by the opposite angles (the backward pass of the rotation). */
    public void applyInverse(float[] x, int rows, int[] positions, int heads) { rotate(x, rows, positions, heads, -1); }

    private void rotate(float[] x, int rows, int[] positions, int heads, float sign) {
        Parallel.forRange(rows, 16, (from, to) -> rotate(x, from, to, positions, heads, sign));
    }

    private void rotate(float[] x, int from, int to, int[] positions, int heads, float sign) {
        int pairs = rotaryDims / 2, stride = heads * headDim;
        for (int r = from; r < to; r++) {
            int p = positions == null ? r : positions[r];
            for (int h = 0; h < heads; h++) {
                int base = r * stride + h * headDim;
                for (int i = 0; i < pairs; i++) {
                    int a = half ? base + i : base + 2 * i, b = half ? a + pairs : a + 1;
                    float c = cos[p * pairs + i], s = sign * sin[p * pairs + i];
                    float x0 = x[a], x1 = x[b];
                    x[a] = x0 * c - x1 * s;
                    x[b] = x0 * s + x1 * c;
                }
            }
        }
    }
}
