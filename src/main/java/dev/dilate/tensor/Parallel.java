package dev.dilate.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.Supplier;

/**
 * The compute pool: one worker per core, kept apart from the common pool so that nothing else
 * competes with the matrix kernels. Work is split into a few contiguous chunks per worker, never
 * into per-element tasks.
 */
public final class Parallel {
    private Parallel() {}

    public static final int THREADS = Math.max(1, Integer.getInteger("dilate.threads", Runtime.getRuntime().availableProcessors()));
    private static final ForkJoinPool POOL = new ForkJoinPool(THREADS, pool -> {
        var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        t.setName("dilate-compute-" + t.getPoolIndex());
        t.setDaemon(true);
        return t;
    }, null, false);

    /** Body for the index range [from, to). */
    @FunctionalInterface
    public interface Range { void run(int from, int to); }

    /** Set while a caller runs work too small to pay for waking the workers. */
    private static final ThreadLocal<Boolean> INLINE = ThreadLocal.withInitial(() -> false);

    /**
     * Runs work with every {@link #forRange} inside it on the calling thread. A small model's
     * forward is a few hundred tiny ranges, and on these VMs waking a parked worker costs tens of
     * microseconds, more than the split saves (measured: a 1.8M-parameter model decodes faster on
     * one thread than on two).
     */
    public static <T> T inline(Supplier<T> work) {
        if (INLINE.get()) return work.get();
        INLINE.set(true);
        try {
            return work.get();
        } finally {
            INLINE.set(false);
        }
    }

    /** Runs body over [0, n) in chunks whose boundaries are multiples of {@code grain} (except the last). */
    public static void forRange(int n, int grain, Range body) {
        int chunks = Math.min(THREADS * 4, Math.max(1, (n + grain - 1) / grain));
        if (chunks <= 1 || THREADS == 1 || INLINE.get()) { body.run(0, n); return; }
        int per = ((n + chunks - 1) / chunks + grain - 1) / grain * grain;
        List<ForkJoinTask<?>> tasks = new ArrayList<>();
        for (int from = 0; from < n; from += per) {
            int f = from, t = Math.min(n, from + per);
            tasks.add(POOL.submit(() -> body.run(f, t)));
        }
        for (ForkJoinTask<?> task : tasks) task.join();
    }
}
