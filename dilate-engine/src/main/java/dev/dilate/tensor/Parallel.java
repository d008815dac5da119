package dev.dilate.tensor;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The compute pool: the calling thread and one helper per further core split each range into a
 * few contiguous chunks, taken from a shared counter, never per-element tasks.
 *
 * <p>Performance notes. A training step is a few hundred ranges of 0.2-2 ms each. On these VMs
 * waking a parked thread costs tens of microseconds, so a fork/join pool whose caller blocked
 * while both workers woke lost 10-25% of a product on two cores. Here the caller takes chunks as
 * soon as it has published the range, and helpers spin for {@link #SPIN_NANOS} after each range
 * before they park, so back-to-back ranges find them awake; chunks taken from a counter also
 * balance cores that run at different speeds. Which thread runs a chunk never changes a result:
 * no body's result depends on where its chunks begin and end.
 */
public final class Parallel {
    private Parallel() {}

    /** Threads a range runs on, the caller's included: the {@code dilate.threads} system property, else the core count; at least 1. */
    public static final int THREADS = Math.max(1, Integer.getInteger("dilate.threads", Runtime.getRuntime().availableProcessors()));

    /**
     * How long an idle helper keeps polling for the next range: longer than a training step's
     * serial gaps. None when there are more threads than cores, where spinning would take a core
     * from the caller.
     */
    private static final long SPIN_NANOS = THREADS <= Runtime.getRuntime().availableProcessors() ? 2_000_000 : 0;

    /** Body for the index range [from, to). */
    @FunctionalInterface
    public interface Range { void run(int from, int to); }

    /** One range being run: chunk c is [c per, min(n, (c + 1) per)). */
    private static final class Job {
        /** Dropped once every chunk is done, so that the last range keeps nothing it captured alive. */
        Range body;
        final int n, per, chunks;
        final AtomicInteger next = new AtomicInteger(), done = new AtomicInteger();
        volatile Throwable failure;

        Job(Range body, int n, int per) {
            this.body = body;
            this.n = n;
            this.per = per;
            this.chunks = (n + per - 1) / per;
        }

        /** Runs chunks until none are left. */
        void work() {
            for (int c; (c = next.getAndIncrement()) < chunks; ) {
                try {
                    body.run(c * per, Math.min(n, (c + 1) * per));
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    done.incrementAndGet();
                }
            }
        }
    }

    /** The range being run (or the last one); helpers watch it for a new one. */
    private static volatile Job current;
    /** Held by the thread whose range the helpers serve; others (and nested ranges) run inline. */
    private static final AtomicBoolean BUSY = new AtomicBoolean();
    private static final Helper[] HELPERS = new Helper[THREADS - 1];

    static {
        for (int i = 0; i < HELPERS.length; i++) {
            HELPERS[i] = new Helper();
            Thread t = new Thread(HELPERS[i], "dilate-compute-" + (i + 1));
            t.setDaemon(true);
            HELPERS[i].thread = t;
            t.start();
        }
    }

    private static final class Helper implements Runnable {
        Thread thread;
        volatile boolean parked;

        @Override
        public void run() {
            Job seen = null;
            while (true) {
                Job job = awaitOther(seen);
                seen = job;
                job.work();
            }
        }

        /** Spins for a while, then parks, until {@link #current} is a range other than seen. */
        private Job awaitOther(Job seen) {
            long deadline = System.nanoTime() + SPIN_NANOS;
            for (int polls = 0; ; polls++) {
                Job job = current;
                if (job != seen) return job;
                if ((polls & 255) == 255 && System.nanoTime() > deadline) break;
                Thread.onSpinWait();
            }
            while (true) {
                // Announce the park before the last look, so a publisher either sees the flag or we see its job.
                parked = true;
                Job job = current;
                if (job != seen) { parked = false; return job; }
                LockSupport.park(this);
                parked = false;
            }
        }
    }

    /** Set while a caller runs work too small to pay for waking the helpers. */
    private static final ThreadLocal<Boolean> INLINE = ThreadLocal.withInitial(() -> false);

    /**
     * Runs work with every {@link #forRange} inside it on the calling thread. A small model's
     * forward is a few hundred tiny ranges, and on these VMs waking a parked helper costs tens of
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

    /**
     * Runs body over [0, n) in chunks whose boundaries are multiples of {@code grain} (except the
     * last). A range started while another thread's runs (or inside one) runs on its own thread.
     */
    public static void forRange(int n, int grain, Range body) {
        int chunks = Math.min(THREADS * 4, Math.max(1, (n + grain - 1) / grain));
        if (chunks <= 1 || THREADS == 1 || INLINE.get() || !BUSY.compareAndSet(false, true)) { body.run(0, n); return; }
        try {
            Job job = new Job(body, n, ((n + chunks - 1) / chunks + grain - 1) / grain * grain);
            current = job;
            for (Helper h : HELPERS) if (h.parked) LockSupport.unpark(h.thread);
            job.work();
            while (job.done.get() < job.chunks) Thread.onSpinWait();
            job.body = null;
            Throwable failure = job.failure;
            if (failure instanceof RuntimeException e) throw e;
            if (failure instanceof Error e) throw e;
            if (failure != null) throw new IllegalStateException("a parallel range failed", failure);
        } finally {
            BUSY.set(false);
        }
    }
}
