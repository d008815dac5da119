package dev.dilate.tensor;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The compute pool: every index once, nested and concurrent ranges, failures reaching the caller. */
class ParallelTest {

    /** Runs a range of n and returns how many times each index was visited. */
    private static AtomicIntegerArray visits(int n, int grain) {
        AtomicIntegerArray seen = new AtomicIntegerArray(n);
        Parallel.forRange(n, grain, (from, to) -> {
            if (from % grain != 0) throw new AssertionError("chunk starts at " + from + ", not a multiple of " + grain);
            for (int i = from; i < to; i++) seen.incrementAndGet(i);
        });
        return seen;
    }

    private static void assertEachOnce(AtomicIntegerArray seen) {
        for (int i = 0; i < seen.length(); i++) assertEquals(1, seen.get(i), "index " + i);
    }

    @Test
    void everyIndexRunsOnce() {
        for (int n : new int[] {0, 1, 7, 64, 1000, 4097})
            for (int grain : new int[] {1, 16, 100}) assertEachOnce(visits(n, grain));
    }

    @Test
    void rangesInsideRangesAndFromSeveralThreadsAllComplete() throws Exception {
        AtomicIntegerArray outer = new AtomicIntegerArray(64 * 100);
        Parallel.forRange(64, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                int row = i;
                Parallel.forRange(100, 1, (f, t) -> { for (int j = f; j < t; j++) outer.incrementAndGet(row * 100 + j); });
            }
        });
        assertEachOnce(outer);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            var results = new java.util.ArrayList<Future<AtomicIntegerArray>>();
            for (int c = 0; c < 16; c++) results.add(callers.submit(() -> visits(5000, 8)));
            for (Future<AtomicIntegerArray> r : results) assertEachOnce(r.get());
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aFailingChunkFailsTheRangeWithItsOwnException() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parallel.forRange(1000, 1, (from, to) -> {
            if (from <= 500 && 500 < to) throw new IllegalArgumentException("bad chunk");
        }));
        assertEquals("bad chunk", e.getMessage());
        assertEachOnce(visits(1000, 1));   // the pool still works afterwards
    }
}
