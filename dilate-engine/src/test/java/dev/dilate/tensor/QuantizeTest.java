package dev.dilate.tensor;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The vector rounding to bf16 against the scalar rule, and the scalar rule against its definition. */
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
}
