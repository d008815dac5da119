package dev.dilate.model;

import dev.dilate.generate.CachePolicy;
import dev.dilate.generate.KeyValueCache;
import dev.dilate.tensor.Gemm;

/**
 * Each layer's keys (after RoPE) and values for every position of one canvas, in fp32 or fp16,
 * laid out as attention reads them: per KV head, keys as L rows of hd and values transposed as hd
 * rows of L. So an fp32 cache is read in place, with no copy, and an fp16 one is widened one head
 * at a time by the worker that uses it (in parallel, while it is in cache), not a whole layer
 * up front. fp16 halves the memory. Either way a call's own recomputed rows enter attention as
 * computed, so only stale positions carry the rounding. A position counts as known once a call
 * has recomputed it; reading one that never was is an error, not silent zeros.
 */
final class KVCache implements KeyValueCache {
    /** fp32 arrays start at Gemm.PAD so that a head's rows are as aligned as scratch operands. */
    private static final int P = Gemm.PAD;
    private final int length, hd, kvHeads, kvDim, layers;
    /** fp32 storage, or null. */
    private final float[][] keys, valuesT;
    /** fp16 storage (IEEE half bits), or null. */
    private final short[][] halfKeys, halfValuesT;
    private final boolean[] known;

    KVCache(ModelConfig c, int length, CachePolicy.Storage storage) {
        if (length < 1) throw new IllegalArgumentException("a cache needs at least one position, got " + length);
        this.length = length;
        this.hd = c.headDim();
        this.kvHeads = c.kvHeads();
        this.kvDim = c.kvDim();
        this.layers = c.layers();
        boolean half = storage == CachePolicy.Storage.F16;
        keys = half ? null : new float[layers][P + length * kvDim];
        valuesT = half ? null : new float[layers][P + length * kvDim];
        halfKeys = half ? new short[layers][length * kvDim] : null;
        halfValuesT = half ? new short[layers][length * kvDim] : null;
        known = new boolean[length];
    }

    @Override public int length() { return length; }
    @Override public long bytes() { return (long) length * bytesPerPosition(layers, kvDim, keys != null ? CachePolicy.Storage.F32 : CachePolicy.Storage.F16); }

    /** Bytes per canvas position: every layer's key and value rows. */
    static long bytesPerPosition(int layers, int kvDim, CachePolicy.Storage storage) {
        return 2L * layers * kvDim * (storage == CachePolicy.Storage.F16 ? 2 : Float.BYTES);
    }

    /** True when it has the layers and key/value width of a model of shape c. */
    boolean fits(ModelConfig c) { return layers == c.layers() && kvDim == c.kvDim() && hd == c.headDim(); }

    /** Stores stacked rows from..to of k and v (rows of kvDim; row r is canvas position positions[r]) into the layer. */
    void store(int layer, float[] k, float[] v, int[] positions, int from, int to) {
        for (int r = from; r < to; r++) {
            int pos = positions[r];
            for (int h = 0; h < kvHeads; h++) {
                int src = r * kvDim + h * hd, keyAt = (h * length + pos) * hd, valueAt = h * hd * length + pos;
                if (keys != null) {
                    System.arraycopy(k, src, keys[layer], P + keyAt, hd);
                    for (int i = 0; i < hd; i++) valuesT[layer][P + valueAt + i * length] = v[src + i];
                } else {
                    for (int i = 0; i < hd; i++) halfKeys[layer][keyAt + i] = Float.floatToFloat16(k[src + i]);
                    for (int i = 0; i < hd; i++) halfValuesT[layer][valueAt + i * length] = Float.floatToFloat16(v[src + i]);
                }
            }
        }
    }

    /**
     * The layer's keys and values of every position for attention, the rows just stored (stacked
     * rows from..to of k and v, as in {@link #store}) exactly as given.
     */
    Attention.KeyValues layer(int layer, float[] k, float[] v, int[] positions, int from, int to) {
        if (keys != null) return fp32Layer(keys[layer], valuesT[layer]);
        short[] hk = halfKeys[layer], hv = halfValuesT[layer];
        return new Attention.KeyValues() {
            @Override public int length() { return length; }

            @Override public void head(int kvh, Attention.Scratch s) {
                int n = length * hd, base = kvh * n;
                float[] wk = s.k, wv = s.vt;
                // Plain loops that C2 turns into vector half-to-float conversions (vcvtph2ps).
                for (int i = 0; i < n; i++) wk[P + i] = Float.float16ToFloat(hk[base + i]);
                for (int i = 0; i < n; i++) wv[P + i] = Float.float16ToFloat(hv[base + i]);
                for (int r = from; r < to; r++) {
                    int src = r * kvDim + kvh * hd, pos = positions[r];
                    System.arraycopy(k, src, wk, P + pos * hd, hd);
                    for (int i = 0; i < hd; i++) wv[P + i * length + pos] = v[src + i];
                }
                s.keys = wk;
                s.keysAt = P;
                s.valuesT = wv;
                s.valuesTAt = P;
            }
        };
    }

    /** An fp32 layer is read where it lies: the rows just stored are already exact there. */
    private Attention.KeyValues fp32Layer(float[] layerKeys, float[] layerValuesT) {
        return new Attention.KeyValues() {
            @Override public int length() { return length; }

            @Override public void head(int kvh, Attention.Scratch s) {
                s.keys = layerKeys;
                s.keysAt = P + kvh * length * hd;
                s.valuesT = layerValuesT;
                s.valuesTAt = P + kvh * hd * length;
            }
        };
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
