package dev.dilate.tensor;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The vector roundings to bf16 and int8 against their scalar rules, and the scalar rules against their definitions. */
class QuantizeTest {

    @Test
    void roundsToNearestEven() {
        assertEquals((short) 0x3F80, Quantize.bf16(Float.intBitsToFloat(0x3F808000)));   // tie, even below: down
        assertEquals((short) 0x3F82, Quantize.bf16(Float.intBitsToFloat(0x3F818000)));   // tie, odd below: up
        assertEquals((short) 0x3F81, Quantize.bf16(Float.intBitsToFloat(0x3F808001)));   // above the tie: up
        assertEquals((short) 0x7F80, Quantize.bf16(Float.MAX_VALUE));                    // rounds up to infinity
        assertEquals((short) 0x7FC0, Quantize.bf16(Float.NaN));
    }

    /** Bit for bit over ties, NaNs of every payload, infinities, extremes and random values, through the vector loop and its tail. */
    @Test
    void theVectorLoopMatchesTheScalarRule() {
        int[] special = {0x3F808000, 0x3F818000, 0xBF808000, 0x7F7FFFFF, 0xFF7FFFFF, 0x7F800000, 0xFF800000, 0x7FC00000,
                0x7F800001, 0x7F808000, 0x7FFF8000, 0x7FFFFFFF, 0xFFFFFFFF, 0xFF800001, 0x00000001, 0x80000000, 0x00008000, 0};
        SplittableRandom rng = new SplittableRandom(3);
        int n = 1000 + 7;   // a tail after the last whole vector
        float[] x = new float[n + 5];
        for (int i = 0; i < x.length; i++)
            x[i] = Float.intBitsToFloat(i >= 5 && i - 5 < special.length ? special[i - 5] : (i % 3 == 0 ? rng.nextInt() : (rng.nextInt() & 0xFFFF0000) | 0x8000));
        MemorySegment out = Arena.ofAuto().allocate(2L * n + 2);
        Quantize.bf16(x, 5, out, 2, n);
        for (int i = 0; i < n; i++)
            assertEquals(Quantize.bf16(x[5 + i]), out.get(ValueLayout.JAVA_SHORT_UNALIGNED, 2 + 2L * i),
                    "value " + Integer.toHexString(Float.floatToRawIntBits(x[5 + i])));
    }

    @Test
    void int8RoundsHalfAwayFromZero() {
        assertEquals((byte) 3, Quantize.int8(2.5f, 1));
        assertEquals((byte) -3, Quantize.int8(-2.5f, 1));
        assertEquals((byte) 2, Quantize.int8(2.49f, 1));
        assertEquals((byte) 127, Quantize.int8(1f, 127f));
        assertEquals((byte) -127, Quantize.int8(-1f, 127f));
        assertEquals((byte) 0, Quantize.int8(5f, 0));
    }

    /**
     * The scale is the row's largest magnitude over 127, the bytes the scalar rule's, through the
     * vector loop and its tail; a row of zeros has scale 0 and zero bytes.
     */
    @Test
    void int8VectorLoopMatchesTheScalarRule() {
        SplittableRandom rng = new SplittableRandom(4);
        int n = 1000 + 7;
        float[] x = new float[n + 3];
        for (int i = 0; i < x.length; i++) x[i] = (float) (rng.nextGaussian() * 3);
        x[700] = -40;   // the largest magnitude, negative
        x[701] = 40 * 63.5f / 127;   // a tie once scaled: 63.5 -> 64
        x[702] = -40 * 63.5f / 127;
        MemorySegment out = Arena.ofAuto().allocate(n + 1);
        float d = Quantize.int8(x, 3, out, 1, n);
        assertEquals(40f / 127, d);
        for (int i = 0; i < n; i++)
            assertEquals(Quantize.int8(x[3 + i], 1 / d), out.get(ValueLayout.JAVA_BYTE, 1 + i), "value " + x[3 + i]);
        assertEquals((byte) -127, out.get(ValueLayout.JAVA_BYTE, 1 + 697));
        assertEquals((byte) 64, out.get(ValueLayout.JAVA_BYTE, 1 + 698));
        assertEquals((byte) -64, out.get(ValueLayout.JAVA_BYTE, 1 + 699));

        float[] zeros = new float[40];
        assertEquals(0f, Quantize.int8(zeros, 0, out, 0, 40));
        for (int i = 0; i < 40; i++) assertEquals((byte) 0, out.get(ValueLayout.JAVA_BYTE, i));
    }
}
