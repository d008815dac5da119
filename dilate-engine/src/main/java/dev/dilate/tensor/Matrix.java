package dev.dilate.tensor;

import java.lang.foreign.MemorySegment;

/**
 * A weight matrix W[rows][cols] as stored: rows one after another, each row {@code cols} values
 * in {@code type}'s encoding, read in place from a (usually memory-mapped) segment.
 * y = W x is the usual linear layer with W of shape [out, in].
 */
public record Matrix(String name, GGMLType type, int rows, int cols, MemorySegment data) {

    public Matrix {
        if (cols % type.blockSize != 0)
            throw new IllegalArgumentException("tensor " + name + ": row length " + cols + " is not a multiple of " + type + "'s block size " + type.blockSize);
        long need = (long) rows * type.bytes(cols);
        if (data.byteSize() < need)
            throw new IllegalArgumentException("tensor " + name + ": " + rows + "x" + cols + " " + type + " needs " + need + " bytes, has " + data.byteSize());
    }

    public long rowBytes() { return type.bytes(cols); }

    /** Decodes row r into out[off..off+cols). */
    public void row(int r, float[] out, int off) {
        Dequant.decode(type, data, r * rowBytes(), out, off, cols);
    }

    public float[] row(int r) {
        float[] out = new float[cols];
        row(r, out, 0);
        return out;
    }
}
