package dev.dilate.tensor;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Encodes floats into the weight types dilate writes (F32, F16, BF16, Q8_0, Q4_0), with the
 * rounding rules of ggml's reference quantizers so files match what llama.cpp would write.
 * The K-quants are read, not written.
 */
public final class Quantize {
    private Quantize() {}

    /**
     * The values in {@code type}'s little-endian encoding.
     *
     * @throws IllegalArgumentException if {@code type} is one dilate only reads (the K-quants) or the
     *         number of values is not a multiple of its block size
     */
    public static byte[] encode(GGMLType type, float[] x) {
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(type.bytes(x.length))).order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case F32 -> { for (float v : x) out.putFloat(v); }
            case F16 -> { for (float v : x) out.putShort(Float.floatToFloat16(v)); }
            case BF16 -> { for (float v : x) out.putShort(bf16(v)); }
            case Q8_0 -> q8_0(x, out);
            case Q4_0 -> q4_0(x, out);
            default -> throw new IllegalArgumentException("dilate does not quantize to " + type + " (it writes F32, F16, BF16, Q8_0, Q4_0)");
        }
        return out.array();
    }

    /** Round to nearest even on the upper 16 bits; NaN stays NaN. */
    static short bf16(float v) {
        int bits = Float.floatToRawIntBits(v);
        if (Float.isNaN(v)) return (short) ((bits >>> 16) | 0x40);
        bits += 0x7FFF + ((bits >>> 16) & 1);
        return (short) (bits >>> 16);
    }

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Short> H = VectorSpecies.of(short.class, VectorShape.forBitSize(16 * F.length()));

    /**
     * x[from..from+n) rounded to bf16 as {@link #bf16(float)} does, into dst from byte {@code at}
     * (little-endian): the activations and decoded weights of a bf16 product, each call. With
     * vectors, since a scalar loop (which C2 does not vectorize) cost as much as the decode it
     * follows. Bit for bit the same as {@link #bf16(float)}, NaNs included.
     */
    public static void bf16(float[] x, int from, MemorySegment dst, long at, int n) {
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            IntVector bits = FloatVector.fromArray(F, x, from + i).reinterpretAsInts();
            IntVector rounded = bits.add(bits.lanewise(VectorOperators.LSHR, 16).and(1)).add(0x7FFF).lanewise(VectorOperators.LSHR, 16);
            // Rounding would carry a NaN's payload into infinity or past the sign: keep it a quiet NaN instead.
            rounded = rounded.blend(bits.lanewise(VectorOperators.LSHR, 16).or(0x40),
                    bits.and(0x7FFFFFFF).compare(VectorOperators.GT, 0x7F800000));
            ((ShortVector) rounded.convertShape(VectorOperators.I2S, H, 0)).intoMemorySegment(dst, at + 2L * i, ByteOrder.LITTLE_ENDIAN);
        }
        for (; i < n; i++) dst.set(ValueLayout.JAVA_SHORT_UNALIGNED, at + 2L * i, bf16(x[from + i]));
    }

    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    /** A float vector's count of bytes, where the JDK has such a vector (8 or more: not on 4-lane machines, NEON's). */
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(8 * Math.max(F.length(), 8)));
    private static final boolean BYTES_VECTORIZE = B.length() == F.length();

    /**
     * x[from..from+n) as int8 with one scale d = max |x| / 127, into dst from byte {@code at}:
     * q = x / d rounded half away from zero (ggml's Q8_0 rule over a whole row rather than 32
     * values), so that x is about d q. The operands of an int8 product, each call, with vectors
     * for the same reason as {@link #bf16(float[], int, MemorySegment, long, int)}; the same
     * bytes as {@link #int8(float, float)} value by value.
     *
     * @return d (0 for a row of zeros, whose bytes are all 0)
     */
    public static float int8(float[] x, int from, MemorySegment dst, long at, int n) {
        FloatVector amaxes = FloatVector.zero(F);
        int upper = F.loopBound(n), i = 0;
        for (; i < upper; i += F.length()) amaxes = amaxes.max(FloatVector.fromArray(F, x, from + i).abs());
        float amax = amaxes.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) amax = Math.max(amax, Math.abs(x[from + i]));
        float d = amax / 127, id = d != 0 ? 1 / d : 0;
        if (Float.isInfinite(id)) id = 0;   // a row whose largest magnitude is below 4e-37: its bytes 0, off by less than that
        FloatVector ids = FloatVector.broadcast(F, id);
        IntVector half = IntVector.broadcast(I, Float.floatToRawIntBits(0.5f));
        int byteVectors = BYTES_VECTORIZE ? upper : 0;
        for (i = 0; i < byteVectors; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, from + i).mul(ids);
            // Truncating v + 0.5 sign(v) rounds half away from zero, as C's roundf in ggml's quantizers
            // (but for 0.49999997, whose sum with 0.5 rounds to 1 in float: a step's error of 2^-24).
            FloatVector halfWithSign = half.or(v.reinterpretAsInts().and(0x80000000)).reinterpretAsFloats();
            IntVector q = v.add(halfWithSign).convert(VectorOperators.F2I, 0).reinterpretAsInts();
            ((ByteVector) q.convertShape(VectorOperators.I2B, B, 0)).intoMemorySegment(dst, at + i, ByteOrder.LITTLE_ENDIAN);
        }
        for (; i < n; i++) dst.set(ValueLayout.JAVA_BYTE, at + i, int8(x[from + i], id));
        return d;
    }

    /** v / d as int8, given id = 1 / d (0 where d is): rounded half away from zero. */
    static byte int8(float v, float id) {
        float scaled = v * id;
        return (byte) (int) (scaled + Math.copySign(0.5f, scaled));
    }

    private static void q8_0(float[] x, ByteBuffer out) {
        for (int b = 0; b < x.length; b += 32) {
            float amax = 0;
            for (int j = 0; j < 32; j++) amax = Math.max(amax, Math.abs(x[b + j]));
            float d = amax / 127, id = d != 0 ? 1 / d : 0;
            out.putShort(Float.floatToFloat16(d));
            for (int j = 0; j < 32; j++) out.put((byte) Math.round(x[b + j] * id));
        }
    }

    private static void q4_0(float[] x, ByteBuffer out) {
        for (int b = 0; b < x.length; b += 32) {
            float amax = 0, max = 0;
            for (int j = 0; j < 32; j++) if (Math.abs(x[b + j]) > amax) { amax = Math.abs(x[b + j]); max = x[b + j]; }
            float d = max / -8, id = d != 0 ? 1 / d : 0;
            out.putShort(Float.floatToFloat16(d));
            for (int j = 0; j < 16; j++) {
                int lo = Math.min(15, (int) (x[b + j] * id + 8.5f));
                int hi = Math.min(15, (int) (x[b + 16 + j] * id + 8.5f));
                out.put((byte) (lo | (hi << 4)));
            }
        }
    }
}
