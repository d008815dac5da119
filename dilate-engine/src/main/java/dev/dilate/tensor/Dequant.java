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
import java.nio.ByteOrder;

/**
 * Decodes encoded weights to floats, block by block, following the GGML layouts (all scales are
 * IEEE half precision unless noted). Used to expand one weight row at a time into a scratch
 * buffer that the matrix kernel then reuses for every token of the step.
 *
 * <p>The common types (F16, BF16, Q8_0, Q4_0) decode with vectors of the float species' lane
 * count: at one scalar conversion per weight, decoding would cost a third of the product itself.
 */
public final class Dequant {
    private Dequant() {}

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    private static final VectorSpecies<Short> H = VectorSpecies.of(short.class, VectorShape.forBitSize(16 * L));
    /** A float vector's count of bytes; the JDK has no vector of fewer than 8 (so 4-lane machines, NEON's, decode bytes one by one). */
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(8 * Math.max(L, 8)));
    /** Block types decode by whole vectors when a vector divides their 16 or 32 values and its bytes make a vector. */
    private static final boolean BLOCKS_VECTORIZE = 16 % L == 0 && B.length() == L;

    /** Decodes n values (a multiple of the block size) starting at byte {@code at} into out[off..off+n). */
    public static void decode(GGMLType type, MemorySegment seg, long at, float[] out, int off, int n) {
        switch (type) {
            case F32 -> MemorySegment.copy(seg, F32, at, out, off, n);
            case F16 -> f16(seg, at, out, off, n);
            case BF16 -> bf16(seg, at, out, off, n);
            case Q8_0 -> { if (BLOCKS_VECTORIZE) q8_0Vector(seg, at, out, off, n); else q8_0(seg, at, out, off, n); }
            case Q4_0 -> { if (BLOCKS_VECTORIZE) q4_0Vector(seg, at, out, off, n); else q4_0(seg, at, out, off, n); }
            case Q4_K -> q4_k(seg, at, out, off, n);
            case Q6_K -> q6_k(seg, at, out, off, n);
        }
    }

    private static float half(MemorySegment seg, long at) { return Float.float16ToFloat(seg.get(I16, at)); }

    private static int u8(MemorySegment seg, long at) { return seg.get(ValueLayout.JAVA_BYTE, at) & 0xFF; }

    private static IntVector halves(MemorySegment seg, long at) {
        return (IntVector) ShortVector.fromMemorySegment(H, seg, at, LE).convertShape(VectorOperators.S2I, I, 0);
    }

    /** BF16 is the top half of an f32: widen and shift. */
    private static void bf16(MemorySegment seg, long at, float[] out, int off, int n) {
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += L)
            halves(seg, at + 2L * i).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().intoArray(out, off + i);
        for (; i < n; i++) out[off + i] = Float.intBitsToFloat(seg.get(I16, at + 2L * i) << 16);
    }

    /**
     * IEEE half to float: a plain loop, which C2 vectorizes into the CPU's own conversion
     * (vcvtph2ps). Measured on Zen 4 in one run: 12-14 values/ns, against 6.3-6.7 for the same
     * conversion spelled out in Vector API integer lanes (rebias, Inf/NaN, subnormals), which it
     * replaced with identical results.
     */
    private static void f16(MemorySegment seg, long at, float[] out, int off, int n) {
        for (int i = 0; i < n; i++) out[off + i] = Float.float16ToFloat(seg.get(I16, at + 2L * i));
    }

    private static FloatVector bytesToFloats(ByteVector b) {
        return (FloatVector) b.convertShape(VectorOperators.B2F, F, 0);
    }

    private static void q8_0Vector(MemorySegment seg, long at, float[] out, int off, int n) {
        for (int b = 0; b < n / 32; b++) {
            long base = at + 34L * b;
            float d = half(seg, base);
            for (int j = 0; j < 32; j += L)
                bytesToFloats(ByteVector.fromMemorySegment(B, seg, base + 2 + j, LE)).mul(d).intoArray(out, off + 32 * b + j);
        }
    }

    private static void q4_0Vector(MemorySegment seg, long at, float[] out, int off, int n) {
        for (int b = 0; b < n / 32; b++) {
            long base = at + 18L * b;
            float d = half(seg, base);
            int o = off + 32 * b;
            for (int j = 0; j < 16; j += L) {
                ByteVector q = ByteVector.fromMemorySegment(B, seg, base + 2 + j, LE);
                bytesToFloats(q.and((byte) 0xF).sub((byte) 8)).mul(d).intoArray(out, o + j);
                bytesToFloats(q.lanewise(VectorOperators.LSHR, 4).and((byte) 0xF).sub((byte) 8)).mul(d).intoArray(out, o + 16 + j);
            }
        }
    }

    /** Q8_0: f16 d; i8 q[32]; y = d q. */
    private static void q8_0(MemorySegment seg, long at, float[] out, int off, int n) {
        for (int b = 0; b < n / 32; b++) {
            long base = at + 34L * b;
            float d = half(seg, base);
            for (int j = 0; j < 32; j++) out[off + 32 * b + j] = d * seg.get(ValueLayout.JAVA_BYTE, base + 2 + j);
        }
    }

    /** Q4_0: f16 d; u8 q[16]; low nibbles are values 0..15, high nibbles 16..31, each (q - 8) d. */
    private static void q4_0(MemorySegment seg, long at, float[] out, int off, int n) {
        for (int b = 0; b < n / 32; b++) {
            long base = at + 18L * b;
            float d = half(seg, base);
            int o = off + 32 * b;
            for (int j = 0; j < 16; j++) {
                int q = u8(seg, base + 2 + j);
                out[o + j] = ((q & 0xF) - 8) * d;
                out[o + j + 16] = ((q >>> 4) - 8) * d;
            }
        }
    }

    /** Q4_K: f16 d, dmin; u8 scales[12] (8 six-bit scales and mins); u8 q[128]: 4 groups of 64 values. */
    private static void q4_k(MemorySegment seg, long at, float[] out, int off, int n) {
        int[] sc = new int[8], m = new int[8];
        for (int b = 0; b < n / 256; b++) {
            long base = at + 144L * b;
            float d = half(seg, base), dmin = half(seg, base + 2);
            scalesAndMins(seg, base + 4, sc, m);
            int o = off + 256 * b;
            for (int g = 0; g < 4; g++) {
                float d1 = d * sc[2 * g], m1 = dmin * m[2 * g], d2 = d * sc[2 * g + 1], m2 = dmin * m[2 * g + 1];
                for (int l = 0; l < 32; l++) {
                    int q = u8(seg, base + 16 + 32 * g + l);
                    out[o + 64 * g + l] = d1 * (q & 0xF) - m1;
                    out[o + 64 * g + 32 + l] = d2 * (q >>> 4) - m2;
                }
            }
        }
    }

    /** The 6-bit scale and min packing of Q4_K/Q5_K (ggml's get_scale_min_k4). */
    static void scalesAndMins(MemorySegment seg, long at, int[] sc, int[] m) {
        int[] q = new int[12];
        for (int i = 0; i < 12; i++) q[i] = u8(seg, at + i);
        for (int j = 0; j < 8; j++) {
            if (j < 4) {
                sc[j] = q[j] & 63;
                m[j] = q[j + 4] & 63;
            } else {
                sc[j] = (q[j + 4] & 0xF) | ((q[j - 4] >>> 6) << 4);
                m[j] = (q[j + 4] >>> 4) | ((q[j] >>> 6) << 4);
            }
        }
    }

    /** Q6_K: u8 ql[128]; u8 qh[64]; i8 scales[16]; f16 d (last). Two halves of 128 values. */
    private static void q6_k(MemorySegment seg, long at, float[] out, int off, int n) {
        for (int b = 0; b < n / 256; b++) {
            long base = at + 210L * b;
            float d = half(seg, base + 208);
            for (int h = 0; h < 2; h++) {
                long ql = base + 64L * h, qh = base + 128 + 32L * h, scales = base + 192 + 8L * h;
                int o = off + 256 * b + 128 * h;
                for (int l = 0; l < 32; l++) {
                    int is = l / 16;
                    int lo = u8(seg, ql + l), lo2 = u8(seg, ql + l + 32), hi = u8(seg, qh + l);
                    int q1 = ((lo & 0xF) | ((hi & 3) << 4)) - 32;
                    int q2 = ((lo2 & 0xF) | (((hi >>> 2) & 3) << 4)) - 32;
                    int q3 = ((lo >>> 4) | (((hi >>> 4) & 3) << 4)) - 32;
                    int q4 = ((lo2 >>> 4) | (((hi >>> 6) & 3) << 4)) - 32;
                    out[o + l] = d * seg.get(ValueLayout.JAVA_BYTE, scales + is) * q1;
                    out[o + l + 32] = d * seg.get(ValueLayout.JAVA_BYTE, scales + is + 2) * q2;
                    out[o + l + 64] = d * seg.get(ValueLayout.JAVA_BYTE, scales + is + 4) * q3;
                    out[o + l + 96] = d * seg.get(ValueLayout.JAVA_BYTE, scales + is + 6) * q4;
                }
            }
        }
    }
}
