package dev.dilate.tensor;

import java.lang.foreign.MemorySegment;

/**
 * A weight matrix W[rows][cols] as stored: rows one after another, each row {@code cols} values
 * in {@code type}'s encoding, read in place from a (usually memory-mapped) segment.
 * y = W x is the usual linear layer with W of shape [out, in].
 */
public record Matrix(String name, GGMLType type, int rows, int cols, MemorySegment data) {

    /**
     * @throws IllegalArgumentException if {@code cols} is not a multiple of the type's block size or
     *         {@code data} holds fewer than {@code rows} rows of {@code cols} values
     */
    public Matrix {
        if (cols % type.blockSize != 0)
            throw new IllegalArgumentException("tensor " + name + ": row length " + cols + " is not a multiple of " + type + "'s block size " + type.blockSize);
        long need = (long) rows * type.bytes(cols);
        if (data.byteSize() < need)
            throw new IllegalArgumentException("tensor " + name + ": " + rows + "x" + cols + " " + type + " needs " + need + " bytes, has " + data.byteSize());
    }

    /** Bytes of one row in {@code type}'s encoding. */
    public long rowBytes() { return type.bytes(cols); }

    /** Rows from..from+count as a matrix of their own over the same bytes (a fused QKV's parts, one expert of a stack), named {@code name}. */
    public Matrix rows(int from, int count, String name) {
        return new Matrix(name, type, count, cols, data.asSlice(from * rowBytes(), count * rowBytes()));
    }

    /** Decodes row r into out[off..off+cols). */
    public void row(int r, float[] out, int off) {
        Dequant.decode(type, data, r * rowBytes(), out, off, cols);
    }

    /** Row r decoded into a new array of {@code cols} floats. */
    public float[] row(int r) {
        float[] out = new float[cols];
        row(r, out, 0);
        return out;
    }
}
