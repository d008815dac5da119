package dev.dilate.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;

/**
 * The fp32 multiply-add ceiling of this machine for a number of threads, measured rather
 * than looked up: Zen 4 issues one 512-bit FMA per cycle per core, Zen 5 two, and clocks differ
 * between VMs, so a product's GFLOP/s means something only as a share of this.
 *
 * <p>Each thread runs a loop of nothing but independent FMAs on registers: twelve accumulator
 * chains, more than latency x issue width on either core (4 x 2), so the loop is throughput-bound.
 */
public final class FmaPeak {
    private FmaPeak() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** FMAs per chain per timed round: long enough (about 15 ms on Zen 4) that clock reads do not matter. */
    private static final int ROUND = 1 << 22;
    private static volatile float sink;

    /**
     * GFLOP/s (2 per lane per FMA) of {@code threads} threads running at once (the two vCPUs of a
     * VM may be one core's two hyperthreads, which share its FMA units), best of a few rounds.
     */
    public static double measure(int threads) {
        double best = 0;
        for (int round = 0; round < 6; round++) {
            CyclicBarrier start = new CyclicBarrier(threads);
            long[] nanos = new long[threads];
            Thread[] workers = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int id = t;
                workers[t] = new Thread(() -> {
                    await(start);
                    long t0 = System.nanoTime();
                    sink += chains(ROUND);
                    nanos[id] = System.nanoTime() - t0;
                });
                workers[t].start();
            }
            for (Thread w : workers) join(w);
            // Each thread times itself (a coordinating thread may be descheduled); the slowest sets the rate.
            long slowest = 0;
            for (long n : nanos) slowest = Math.max(slowest, n);
            // The first rounds compile the loop.
            if (round >= 2) best = Math.max(best, 2.0 * 12 * S.length() * ROUND * threads / slowest);
        }
        return best;
    }

    private static void await(CyclicBarrier b) {
        try {
            b.await();
        } catch (InterruptedException | BrokenBarrierException e) {
            throw new IllegalStateException("FMA peak measurement interrupted", e);
        }
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new IllegalStateException("FMA peak measurement interrupted", e);
        }
    }

    private static float chains(int n) {
        FloatVector m = FloatVector.broadcast(S, 0.999f), c = FloatVector.broadcast(S, 1e-3f);
        FloatVector a0 = FloatVector.broadcast(S, sink), a1 = a0.add(1), a2 = a0.add(2), a3 = a0.add(3), a4 = a0.add(4), a5 = a0.add(5),
                a6 = a0.add(6), a7 = a0.add(7), a8 = a0.add(8), a9 = a0.add(9), a10 = a0.add(10), a11 = a0.add(11);
        for (int i = 0; i < n; i++) {
            a0 = a0.fma(m, c); a1 = a1.fma(m, c); a2 = a2.fma(m, c); a3 = a3.fma(m, c); a4 = a4.fma(m, c); a5 = a5.fma(m, c);
            a6 = a6.fma(m, c); a7 = a7.fma(m, c); a8 = a8.fma(m, c); a9 = a9.fma(m, c); a10 = a10.fma(m, c); a11 = a11.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11).reduceLanes(VectorOperators.ADD);
    }
}
