package dev.dilate.model;

import dev.dilate.generate.KeyValueCache;

/**
 * Each layer's keys (after RoPE) and values for every position of one canvas, in fp32: the layout
 * attention reads, so a cached position costs no conversion. fp32 is the measured choice: an F16
 * copy would halve the memory (README, Caching) but every call would convert the whole cache back.
 * A position counts as known once a call has recomputed it; reading one that never was is an error,
 * not silent zeros.
 */
final class KVCache implements KeyValueCache {
    private final int length, kvDim;
    final float[][] keys, values;
    private final boolean[] known;

    KVCache(ModelConfig c, int length) {
        if (length < 1) throw new IllegalArgumentException("a cache needs at least one position, got " + length);
        this.length = length;
        this.kvDim = c.kvDim();
        keys = new float[c.layers()][length * kvDim];
        values = new float[c.layers()][length * kvDim];
        known = new boolean[length];
    }

    @Override public int length() { return length; }
    @Override public long bytes() { return 2L * keys.length * length * kvDim * Float.BYTES; }

    /** Bytes per canvas position for a model of shape c: every layer's key and value rows. */
    static long bytesPerPosition(ModelConfig c) { return 2L * c.layers() * c.kvDim() * Float.BYTES; }

    /** True when it has the layers and key/value width of a model of shape c. */
    boolean fits(ModelConfig c) { return keys.length == c.layers() && kvDim == c.kvDim(); }

    /** Stacked rows from..to of k and v (rows of kvDim) into this cache's layer, row r at canvas position positions[r]. */
    void store(int layer, float[] k, float[] v, int[] positions, int from, int to) {
        for (int r = from; r < to; r++) {
            System.arraycopy(k, r * kvDim, keys[layer], positions[r] * kvDim, kvDim);
            System.arraycopy(v, r * kvDim, values[layer], positions[r] * kvDim, kvDim);
        }
    }

    /** Throws unless every position outside {@code fresh} (ascending) was recomputed by an earlier call. */
    void checkCovered(int[] fresh) {
        int j = 0;
        for (int p = 0; p < length; p++) {
            if (j < fresh.length && fresh[j] == p) { j++; continue; }
            if (!known[p]) throw new IllegalStateException("canvas position " + p + " is neither recomputed nor cached: its first call must recompute it");
        }
    }

    /** positions[from..to) have been recomputed and stored. */
    void markKnown(int[] positions, int from, int to) {
        for (int r = from; r < to; r++) known[positions[r]] = true;
    }
}
