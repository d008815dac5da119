package dev.dilate.model;

/**
 * Where a transformer's forward passes spent their time, accumulated over calls until reset:
 * the projection products (with their FLOPs, for a GFLOP/s figure), attention and the output
 * head. Timing costs a few hundred clock reads per forward, so it is always on.
 */
public final class ForwardProfile {
    long calls, projectionNanos, projectionFlops, attentionNanos, headNanos, headFlops;

    /** Forward passes timed since the last reset. */
    public long calls() { return calls; }
    /** Nanoseconds in attention (the projections of Q, K and V excluded). */
    public long attentionNanos() { return attentionNanos; }
    /** Nanoseconds in the output head's product. */
    public long headNanos() { return headNanos; }

    /** GFLOP/s of the layers' projection products (the head excluded). */
    public double projectionGflops() { return projectionNanos == 0 ? 0 : (double) projectionFlops / projectionNanos; }

    /** GFLOP/s of the output head's product. */
    public double headGflops() { return headNanos == 0 ? 0 : (double) headFlops / headNanos; }

    /** Starts a new stretch of calls: every count back to zero. */
    public void reset() {
        calls = projectionNanos = projectionFlops = attentionNanos = headNanos = headFlops = 0;
    }
}
