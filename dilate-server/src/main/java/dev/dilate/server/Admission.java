package dev.dilate.server;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Slots and a bounded queue: a request takes a free slot, or waits in the queue while it has
 * room, or is refused at once (429). While draining, new requests are refused with 503 and
 * queued ones give up when they would get a slot.
 */
final class Admission {
    private final int slots;
    private final int queue;
    private final Semaphore free;
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile boolean draining;

    Admission(int slots, int queue) {
        this.slots = slots;
        this.queue = queue;
        this.free = new Semaphore(slots, true);
    }

    /** Takes a slot, waiting until the deadline at most; {@link #release} gives it back. */
    void acquire(long deadlineNanos, long timeoutSeconds) {
        refuseIfDraining();
        try {
            // The timed form even for "free now?": the untimed tryAcquire() barges past queued
            // requests, fair semaphore or not, so newcomers could starve the queue until it times out.
            if (!free.tryAcquire(0, TimeUnit.NANOSECONDS)) waitInQueue(deadlineNanos, timeoutSeconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw shuttingDown();
        }
        // Checked after taking the slot too: draining may have begun since the check above.
        if (draining) {
            free.release();
            throw shuttingDown();
        }
    }

    private void waitInQueue(long deadlineNanos, long timeoutSeconds) throws InterruptedException {
        if (waiting.incrementAndGet() > queue) {
            waiting.decrementAndGet();
            throw ApiError.queueFull(queue);
        }
        try {
            if (!free.tryAcquire(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS))
                throw ApiError.unavailable("queue_timeout", "no slot came free within the server's limit of " + timeoutSeconds + " s");
        } finally {
            waiting.decrementAndGet();
        }
    }

    void release() { free.release(); }

    void drain() { draining = true; }

    boolean draining() { return draining; }

    int running() { return slots - free.availablePermits(); }

    int waiting() { return waiting.get(); }

    private void refuseIfDraining() {
        if (draining) throw shuttingDown();
    }

    private static ApiError shuttingDown() {
        return ApiError.unavailable("shutting_down", "the server is shutting down");
    }
}
