package dev.dilate.eval.tasks;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Values printed by CPython 3.11's {@code random.Random} (getrandbits(32) and sample). */
class PythonRandomTest {

    private static List<Integer> range(int n) { return IntStream.range(0, n).boxed().toList(); }

    private static long bits(PythonRandom r) { return Integer.toUnsignedLong(r.nextInt32()); }

    @Test void rawOutputMatchesCPython() {
        PythonRandom r = new PythonRandom(1234);
        assertEquals(List.of(4150886329L, 3342196574L, 1892932127L), List.of(bits(r), bits(r), bits(r)));
        PythonRandom zero = new PythonRandom(0);
        assertEquals(List.of(3626764237L, 1654615998L), List.of(bits(zero), bits(zero)));
        PythonRandom wide = new PythonRandom((1L << 40) + 7);  // a two-word seed
        assertEquals(List.of(2635837658L, 3209733218L), List.of(bits(wide), bits(wide)));
    }

    @Test void gsm8kFewshotDrawsMatchLmEval() {
        // random.Random(1234).sample(range(7473), 5), twice: the first two GSM8K test problems' exemplars.
        PythonRandom r = new PythonRandom(1234);
        assertEquals(List.of(6374, 3610, 957, 61, 742), r.sample(range(7473), 5));
        assertEquals(List.of(7462, 6610, 4769, 286, 5501), r.sample(range(7473), 5));
    }

    @Test void bothSampleBranchesMatchCPython() {
        PythonRandom r = new PythonRandom(42);
        assertEquals(List.of(1, 0, 4), r.sample(range(10), 3));                          // pool branch
        assertEquals(List.of(15, 14, 8, 6, 43, 34, 5, 37), r.sample(range(50), 8));      // pool branch, k > 5
        assertEquals(List.of(54, 4, 3, 11, 27, 29, 64, 77), r.sample(range(100), 8));    // set branch, k > 5
    }
}
