package dev.dilate.tensor;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The vectorized decoders against the JDK's scalar conversions and the block formulas. */
class DequantTest {

    @Test
    void everyHalfDecodesAsTheJdkDoes() {
        short[] all = new short[1 << 16];
        for (int i = 0; i < all.length; i++) all[i] = (short) i;
        float[] out = new float[all.length];
        Dequant.decode(GGMLType.F16, MemorySegment.ofArray(all), 0, out, 0, all.length);
        for (int i = 0; i < all.length; i++) {
            float want = Float.float16ToFloat(all[i]);
            if (Float.isNaN(want)) assertEquals(true, Float.isNaN(out[i]), "half 0x" + Integer.toHexString(i));
            else assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(out[i]), "half 0x" + Integer.toHexString(i));
        }
    }

    @Test
    void everyBfloatDecodesToItsUpperHalf() {
        short[] all = new short[1 << 16];
        for (int i = 0; i < all.length; i++) all[i] = (short) i;
        float[] out = new float[all.length];
        Dequant.decode(GGMLType.BF16, MemorySegment.ofArray(all), 0, out, 0, all.length);
        for (int i = 0; i < all.length; i++) assertEquals(i << 16, Float.floatToRawIntBits(out[i]));
    }

    @Test
    void blockTypesFollowTheirFormulas() {
        SplittableRandom rng = new SplittableRandom(3);
        float[] x = new float[32 * 64];
        for (int i = 0; i < x.length; i++) x[i] = (float) (rng.nextDouble() * 2 - 1);
        for (GGMLType type : new GGMLType[] {GGMLType.Q8_0, GGMLType.Q4_0}) {
            byte[] enc = Quantize.encode(type, x);
            float[] out = new float[x.length];
            Dequant.decode(type, MemorySegment.ofArray(enc), 0, out, 0, x.length);
            for (int b = 0; b < x.length / 32; b++) {
                int at = b * type.blockBytes;
                float d = Float.float16ToFloat((short) ((enc[at] & 0xFF) | (enc[at + 1] << 8)));
                for (int j = 0; j < 32; j++) {
                    int q = type == GGMLType.Q8_0 ? enc[at + 2 + j]
                            : (j < 16 ? (enc[at + 2 + j] & 0xF) : ((enc[at + 2 + j - 16] >> 4) & 0xF)) - 8;
                    assertEquals(q * d, out[32 * b + j], 0f, type + " value " + (32 * b + j));
                }
            }
        }
    }
}
