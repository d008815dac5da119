package dev.dilate.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.WeakReference;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The operands of an int8 product y = x W^T and its way back to floats: each weight row and each
 * token's activations rotated by {@link Hadamard} and quantized with one scale apiece, the
 * weights once per matrix and kept, and the int32 sums scaled by both scales. Both operands are
 * rotated alike, so their sums are unchanged, but an activation channel many times larger than
 * the rest (as real models have) no longer sets a whole token's scale: over 2,048 values with 8
 * channels 40x the rest, the products' error fell from 5.7-6.7% to 1.0-1.1% in the tests (in
 * NumPy: 6.4% and 1.1%, and llama.cpp's per-32 scales 1.2%).
 */
final class Int8Operands {
    private Int8Operands() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    /** A thread's operand row rotated, and a weight row decoded, each while it is in L1. */
    private static final ThreadBuffer ROTATED = new ThreadBuffer(), DECODED = new ThreadBuffer();

    /**
     * from[off..off+n), one operand row, rotated and quantized to int8 into {@code to} from byte
     * {@code at}.
     *
     * @return the scale its int8 values are to be multiplied by
     */
    static float quantize(float[] from, int off, MemorySegment to, long at, int n) {
        float[] rotated = ROTATED.floats(n);
        Hadamard.rotate(from, off, rotated, n);
        return Quantize.int8(rotated, 0, to, at, n);
    }

    /**
     * A matrix's rows as int8 (rows x cols bytes, native) and each row's scale, and the matrix
     * they were made from: matrices are records, equal by value, and a file mapped where a closed
     * one was can hold an equal matrix with other weights.
     */
    record Weights(WeakReference<Matrix> of, MemorySegment rows, float[] scales) {}

    /**
     * Weights quantized at their first product and kept while their matrix is in use: a row's
     * scale needs the whole row first, and redoing it every call cost a fifth of a call.
     */
    static final class Kept {
        private final Map<Matrix, Weights> kept = new WeakHashMap<>();

        /** w's int8 rows, quantized at its first product (on all compute threads). */
        Weights of(Matrix w) {
            synchronized (kept) {
                Weights q = kept.get(w);
                if (q != null && q.of().get() == w) return q;
                kept.remove(w);   // an equal matrix's, whose key would otherwise stay
                int k = w.cols();
                MemorySegment rows = Arena.ofAuto().allocate((long) w.rows() * k, 64);
                float[] scales = new float[w.rows()];
                Parallel.forRange(w.rows(), 16, (from, to) -> {
                    float[] row = DECODED.floats(k);
                    for (int r = from; r < to; r++) {
                        w.row(r, row, 0);
                        scales[r] = quantize(row, 0, rows, (long) r * k, k);
                    }
                });
                q = new Weights(new WeakReference<>(w), rows, scales);
                kept.put(w, q);
                return q;
            }
        }
    }

    /**
     * y[t][o + r] = sums[t][r] times the token's and the row's scales, for a panel's int32 sums
     * (tokens x rows) of weight rows o..o+rows: a pass over the results, against k multiply-adds
     * for each.
     */
    static void scaleSums(MemorySegment sums, int tokens, int rows, float[] tokenScales, float[] rowScales, int o, float[] y, int n) {
        for (int t = 0; t < tokens; t++) {
            FloatVector tokenScale = FloatVector.broadcast(F, tokenScales[t]);
            long at = (long) t * rows * 4;
            int r = 0;
            for (int upper = F.loopBound(rows); r < upper; r += F.length()) {
                FloatVector sum = (FloatVector) IntVector.fromMemorySegment(I, sums, at + 4L * r, ByteOrder.nativeOrder())
                        .convert(VectorOperators.I2F, 0);
                sum.mul(FloatVector.fromArray(F, rowScales, o + r)).mul(tokenScale).intoArray(y, t * n + o + r);
            }
            for (; r < rows; r++) y[t * n + o + r] = sums.get(ValueLayout.JAVA_INT, at + 4L * r) * rowScales[o + r] * tokenScales[t];
        }
    }
}
