package dev.dilate.model;

import dev.dilate.generate.CachePolicy;
import dev.dilate.generate.KeyValueCache;

/**
 * Each layer's keys (after RoPE) and values for every position of one canvas, in fp32 or fp16.
 * fp16 halves the memory and measured no slower (README, Caching): a layer's cache is widened to
 * fp32 once per call for attention, a pass that costs little next to the projections. Either way
 * a call's own recomputed rows enter attention as computed, so only stale positions carry the
 * rounding. A position counts as known once a call has recomputed it; reading one that never was
 * is an error, not silent zeros.
 */
final class KVCache implements KeyValueCache {
    private final int length, kvDim, layers;
    /** fp32 storage, or null. */
    private final float[][] keys, values;
    /** fp16 storage (IEEE half bits), or null. */
    private final short[][] halfKeys, halfValues;
    private final boolean[] known;

    /** One layer's keys and values of every position, widened to fp32 for attention; reused per thread. */
    private static final ThreadLocal<float[][]> WIDE = ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0]});

    KVCache(ModelConfig c, int length, CachePolicy.Storage storage) {
        if (length < 1) throw new IllegalArgumentException("a cache needs at least one position, got " + length);
        this.length = length;
        this.kvDim = c.kvDim();
        this.layers = c.layers();
        boolean half = storage == CachePolicy.Storage.F16;
        keys = half ? null : new float[layers][length * kvDim];
        values = half ? null : new float[layers][length * kvDim];
        halfKeys = half ? new short[layers][length * kvDim] : null;
        halfValues = half ? new short[layers][length * kvDim] : null;
        known = new boolean[length];
    }

    @Override public int length() { return length; }
    @Override public long bytes() { return (long) length * bytesPerPosition(layers, kvDim, keys != null ? CachePolicy.Storage.F32 : CachePolicy.Storage.F16); }

    /** Bytes per canvas position: every layer's key and value rows. */
    static long bytesPerPosition(int layers, int kvDim, CachePolicy.Storage storage) {
        return 2L * layers * kvDim * (storage == CachePolicy.Storage.F16 ? 2 : Float.BYTES);
    }

    /** True when it has the layers and key/value width of a model of shape c. */
    boolean fits(ModelConfig c) { return layers == c.layers() && kvDim == c.kvDim(); }

    /** Stores stacked rows from..to of k and v (rows of kvDim; row r is canvas position positions[r]) into the layer. */
    void store(int layer, float[] k, float[] v, int[] positions, int from, int to) {
        for (int r = from; r < to; r++) {
            int src = r * kvDim, dst = positions[r] * kvDim;
            if (keys != null) {
                System.arraycopy(k, src, keys[layer], dst, kvDim);
                System.arraycopy(v, src, values[layer], dst, kvDim);
            } else {
                for (int i = 0; i < kvDim; i++) {
                    halfKeys[layer][dst + i] = Float.floatToFloat16(k[src + i]);
                    halfValues[layer][dst + i] = Float.floatToFloat16(v[src + i]);
                }
            }
        }
    }

    /**
     * Every position's keys and values of the layer for attention, rows from 0: {keys, values},
     * the rows just stored (stacked rows from..to of k and v, as in {@link #store}) exactly as given.
     */
    float[][] read(int layer, float[] k, float[] v, int[] positions, int from, int to) {
        if (keys != null) return new float[][] {keys[layer], values[layer]};
        int n = length * kvDim;
        float[][] wide = WIDE.get();
        if (wide[0].length < n) WIDE.set(wide = new float[][] {new float[n], new float[n]});
        float[] wk = wide[0], wv = wide[1];
        short[] hk = halfKeys[layer], hv = halfValues[layer];
        // A plain loop C2 turns into vector half-to-float conversions (vcvtph2ps).
        for (int i = 0; i < n; i++) wk[i] = Float.float16ToFloat(hk[i]);
        for (int i = 0; i < n; i++) wv[i] = Float.float16ToFloat(hv[i]);
        for (int r = from; r < to; r++) {
            System.arraycopy(k, r * kvDim, wk, positions[r] * kvDim, kvDim);
            System.arraycopy(v, r * kvDim, wv, positions[r] * kvDim, kvDim);
        }
        return wide;
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
