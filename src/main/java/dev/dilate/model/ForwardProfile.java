package dev.dilate.model;

/**
 * Where a transformer's forward passes spent their time, accumulated over calls until reset:
 * the projection products (with their FLOPs, for a GFLOP/s figure), attention, the output head
 * and everything in total. Timing costs a few hundred clock reads per forward, so it is always on.
 */
public final class ForwardProfile {
    long calls, totalNanos, projectionNanos, projectionFlops, attentionNanos, headNanos, headFlops, headRows;

    public long calls() { return calls; }
    public long totalNanos() { return totalNanos; }
    public long projectionNanos() { return projectionNanos; }
    public long projectionFlops() { return projectionFlops; }
    public long attentionNanos() { return attentionNanos; }
    public long headNanos() { return headNanos; }
    public long headFlops() { return headFlops; }
    /** Output-head rows computed, summed over calls. */
    public long headRows() { return headRows; }

    /** GFLOP/s of the layers' projection products (the head excluded). */
    public double projectionGflops() { return projectionNanos == 0 ? 0 : (double) projectionFlops / projectionNanos; }

    public void reset() {
        calls = totalNanos = projectionNanos = projectionFlops = attentionNanos = headNanos = headFlops = headRows = 0;
    }
}
