package dev.dilate.server;

import dev.dilate.generate.Denoiser;
import dev.dilate.generate.KeyValueCache;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs every denoiser call of the running requests on one thread, several at a time: a request's
 * decoding thread hands over its canvas and waits, and the batcher runs all canvases that are
 * waiting in one forward. Requests whose steps cost about the same therefore move in lockstep,
 * one forward per step for all of them. The model is only ever called from this thread, so it
 * needs no locking of its own.
 */
final class ForwardBatcher implements AutoCloseable {
    /**
     * How long a forward waits for members that have not handed in their canvas yet (they are
     * choosing tokens after the last forward): long next to that work, short next to a forward.
     */
    private static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(3);

    private record Call(int[] canvas, int[] rows, int[] fresh, KeyValueCache cache, CompletableFuture<float[][]> result) {}

    private final Denoiser forward;
    private final ServerStats stats;
    private final Object lock = new Object();
    private final ArrayDeque<Call> pending = new ArrayDeque<>();
    private int members;
    private boolean closed;
    private final Thread thread;

    ForwardBatcher(Denoiser forward, ServerStats stats) {
        this.forward = forward;
        this.stats = stats;
        this.thread = Thread.ofPlatform().name("dilate-batcher").daemon().start(this::loop);
    }

    /** A request starts decoding: forwards wait for its canvas too. */
    void join() {
        synchronized (lock) { members++; }
    }

    /** A request stops decoding. */
    void leave() {
        synchronized (lock) {
            members--;
            lock.notifyAll();
        }
    }

    /**
     * The logits of one canvas, computed together with whatever other canvases are waiting; with
     * a cache, only its fresh positions are recomputed (fresh and cache null: all of them).
     */
    float[][] logits(int[] canvas, int[] rows, int[] fresh, KeyValueCache cache) {
        Call call = new Call(canvas, rows, fresh, cache, new CompletableFuture<>());
        synchronized (lock) {
            if (closed) throw ApiError.unavailable("shutting_down", "the server is shutting down");
            pending.add(call);
            lock.notifyAll();
        }
        try {
            return call.result().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiError.unavailable("shutting_down", "the server is shutting down");
        }
    }

    private void loop() {
        while (true) {
            List<Call> batch;
            synchronized (lock) {
                try {
                    while (pending.isEmpty() && !closed) lock.wait();
                    long until = System.nanoTime() + GATHER_NANOS;
                    for (long left; pending.size() < members && !closed && (left = until - System.nanoTime()) > 0; )
                        TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    closed = true;
                }
                if (pending.isEmpty()) return;
                batch = new ArrayList<>(pending);
                pending.clear();
            }
            run(batch);
        }
    }

    private void run(List<Call> batch) {
        int n = batch.size();
        int[][] canvases = new int[n][], rows = new int[n][], fresh = new int[n][];
        KeyValueCache[] caches = new KeyValueCache[n];
        for (int i = 0; i < n; i++) {
            canvases[i] = batch.get(i).canvas();
            rows[i] = batch.get(i).rows();
            fresh[i] = batch.get(i).fresh();
            caches[i] = batch.get(i).cache();
        }
        try {
            float[][][] out = forward.logits(canvases, rows, fresh, caches);
            stats.forward(n);
            for (int i = 0; i < n; i++) batch.get(i).result().complete(out[i]);
        } catch (RuntimeException | Error e) {
            for (Call c : batch) c.result().completeExceptionally(e);
        }
    }

    /** Finishes the forward under way and whatever is already waiting, then stops. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
