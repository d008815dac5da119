package dev.dilate.server;

import dev.dilate.generate.CachePolicy;
import dev.dilate.generate.Denoiser;
import dev.dilate.generate.KeyValueCache;
import dev.dilate.generate.Vocabulary;

import java.util.concurrent.atomic.AtomicReference;

/**
 * One request's view of the model: its calls go through the batcher, and each call first checks
 * that the request is still wanted (within its time, server not shutting down, and for a stream
 * its client still there: a failed event write cancels it, or for a whole answer the
 * {@link HangUpWatch}), so a request that is given up stops at its next step and frees its slot.
 */
final class Job implements Denoiser {
    private final Denoiser model;
    private final ForwardBatcher batcher;
    private final long deadlineNanos;
    private final long timeoutSeconds;
    private final AtomicReference<ApiError> cancelled = new AtomicReference<>();

    Job(Denoiser model, ForwardBatcher batcher, long deadlineNanos, long timeoutSeconds) {
        this.model = model;
        this.batcher = batcher;
        this.deadlineNanos = deadlineNanos;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** Stops the decode at its next step with this error (the first reason given wins). */
    void cancel(ApiError why) {
        cancelled.compareAndSet(null, why);     // shutdown and a lost client may race to cancel
    }

    /** Throws the reason this request must stop, if there is one. */
    void check() {
        ApiError why = cancelled.get();
        if (why != null) throw why;
        if (System.nanoTime() - deadlineNanos > 0) throw ApiError.timeout(timeoutSeconds);
    }

    long deadlineNanos() { return deadlineNanos; }

    /** When the request arrived: its deadline less the timeout. */
    long arrivedNanos() { return deadlineNanos - timeoutSeconds * 1_000_000_000L; }

    @Override public Vocabulary vocabulary() { return model.vocabulary(); }
    @Override public int maskId() { return model.maskId(); }
    @Override public boolean shiftedLogits() { return model.shiftedLogits(); }

    @Override
    public float[][] logits(int[] canvas, int[] rows) {
        check();
        return batcher.logits(canvas, rows, null, null);
    }

    @Override public KeyValueCache newCache(int length, CachePolicy.Storage storage) { return model.newCache(length, storage); }

    @Override
    public float[][] logits(int[] canvas, int[] rows, int[] fresh, KeyValueCache cache) {
        check();
        return batcher.logits(canvas, rows, fresh, cache);
    }
}
