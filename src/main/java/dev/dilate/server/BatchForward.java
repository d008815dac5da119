package dev.dilate.server;

import dev.dilate.generate.Denoiser;
import dev.dilate.model.Transformer;

/** One denoiser call for several canvases: out[i] holds canvas i's requested rows. */
@FunctionalInterface
interface BatchForward {
    float[][][] logits(int[][] canvases, int[][] rows);

    /** A transformer stacks the canvases into one forward; any other denoiser is called once per canvas. */
    static BatchForward of(Denoiser denoiser) {
        if (denoiser instanceof Transformer t) return t::logits;
        return (canvases, rows) -> {
            float[][][] out = new float[canvases.length][][];
            for (int i = 0; i < canvases.length; i++) out[i] = denoiser.logits(canvases[i], rows[i]);
            return out;
        };
    }

    static boolean batches(Denoiser denoiser) { return denoiser instanceof Transformer; }
}
