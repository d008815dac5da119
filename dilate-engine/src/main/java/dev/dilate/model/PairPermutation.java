package dev.dilate.model;

/**
 * llama.cpp's LLaMA {@code permute()} of Wq/Wk rows, head by head: row 2i + j of a converted head
 * is row j * d/2 + i of the original. Rotating adjacent pairs (2i, 2i+1) of the converted rows
 * then equals rotating pairs (i, i + d/2) ("rotate half") of the original ones, which is why a
 * LLaDA GGUF runs with adjacent-pair RoPE.
 */
final class PairPermutation {
    private PairPermutation() {}

    /** The original row that converted row {@code row} comes from. */
    static int sourceRow(int row, int headDim) {
        int head = row / headDim, within = row % headDim;
        return head * headDim + (within % 2) * (headDim / 2) + within / 2;
    }

    /** A vector (a bias) permuted the same way. */
    static float[] apply(float[] v, int headDim) {
        float[] out = new float[v.length];
        for (int r = 0; r < v.length; r++) out[r] = v[sourceRow(r, headDim)];
        return out;
    }
}
