package dev.dilate.generate;

/**
 * A masked diffusion model's denoiser. One call of {@link #logits} is one function evaluation
 * (NFE); the generator counts them, the denoiser does not.
 */
public interface Denoiser {

    /** The token ids' texts; its size is the length of every logits row. */
    Vocabulary vocabulary();

    /** The id written on masked canvas positions. */
    int maskId();

    /**
     * True when output row p predicts position p+1, as in Dream (an autoregressive
     * initialisation): the generator then reads position p's prediction from row p-1.
     */
    boolean shiftedLogits();

    /**
     * 0 when every position attends to every other; else the block of a block-causal mask (LLaDA 2:
     * bidirectional inside blocks of this many positions counted from position 0, causal across
     * them). Decoding then aligns its blocks to position 0 as the model's own loop does, and a cache
     * of finished blocks is exact.
     */
    default int attentionBlock() { return 0; }

    /**
     * Runs the denoiser on the whole canvas (masked positions hold {@link #maskId()}) and returns
     * the output logits of the requested rows only, each of length {@code vocabulary().size()}.
     * Any monotone shift per row is allowed (log-probabilities are logits too).
     */
    float[][] logits(int[] canvas, int[] rows);

    /**
     * Storage for one decode's keys and values over a canvas of {@code length} positions, kept in
     * the given precision, or null when this denoiser cannot reuse work between calls (every call
     * is then a whole forward).
     */
    default KeyValueCache newCache(int length, CachePolicy.Storage storage) { return null; }

    /**
     * As {@link #logits(int[], int[])}, but only the {@code fresh} positions (ascending, a superset
     * of {@code rows}) run through the layers: every other position enters attention with the keys
     * and values that {@code cache} holds for it from the last call that recomputed it, which is
     * exact only if nothing it depends on has changed since. The fresh positions' keys and values
     * are written to the cache. A null cache means a whole forward.
     */
    default float[][] logits(int[] canvas, int[] rows, int[] fresh, KeyValueCache cache) {
        if (cache != null) throw new IllegalArgumentException(getClass().getSimpleName() + " keeps no cache, so every call recomputes every position");
        return logits(canvas, rows);
    }

    /**
     * One call for several canvases (a server's concurrent decodes): out[i] holds canvas i's
     * requested rows, its {@code fresh[i]} positions recomputed with {@code caches[i]} (both null:
     * every position, no cache). By default the canvases run one after another; a denoiser that
     * can stack them into one forward overrides this and {@link #batchesCanvases()}.
     */
    default float[][][] logits(int[][] canvases, int[][] rows, int[][] fresh, KeyValueCache[] caches) {
        float[][][] out = new float[canvases.length][][];
        for (int i = 0; i < canvases.length; i++)
            out[i] = caches[i] == null ? logits(canvases[i], rows[i]) : logits(canvases[i], rows[i], fresh[i], caches[i]);
        return out;
    }

    /** Whether {@link #logits(int[][], int[][], int[][], KeyValueCache[])} runs the canvases as one forward. */
    default boolean batchesCanvases() { return false; }
}
