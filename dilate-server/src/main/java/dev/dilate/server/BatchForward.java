package dev.dilate.server;

import dev.dilate.generate.Denoiser;
import dev.dilate.generate.KeyValueCache;
import dev.dilate.model.Transformer;

/**
 * One denoiser call for several canvases: out[i] holds canvas i's requested rows, recomputing its
 * fresh positions with its cache (fresh[i] and caches[i] null: every position, no cache).
 */
@FunctionalInterface
interface BatchForward {
    float[][][] logits(int[][] canvases, int[][] rows, int[][] fresh, KeyValueCache[] caches);

    /** A transformer stacks the canvases into one forward; any other denoiser is called once per canvas. */
    static BatchForward of(Denoiser denoiser) {
        if (denoiser instanceof Transformer t) return t::logits;
        return (canvases, rows, fresh, caches) -> {
            float[][][] out = new float[canvases.length][][];
            for (int i = 0; i < canvases.length; i++)
                out[i] = caches[i] == null ? denoiser.logits(canvases[i], rows[i]) : denoiser.logits(canvases[i], rows[i], fresh[i], caches[i]);
            return out;
        };
    }

    static boolean batches(Denoiser denoiser) { return denoiser instanceof Transformer; }
}
