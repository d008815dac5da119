package dev.dilate.generate;

/**
 * The result of one decode.
 *
 * @param prompt   the prompt ids
 * @param canvas   the whole canvas at the end (prompt, generated ids, masks left by an early stop)
 * @param tokens   generated ids up to the first stop (stop token and stop string excluded)
 * @param text     {@code tokens} decoded, cut at the first stop string
 * @param nfe      denoiser calls made, guidance calls included
 * @param nanos    wall time of the whole decode
 * @param stopped  true when a stop token or string ended decoding before the last block
 */
public record Generation(int[] prompt, int[] canvas, int[] tokens, String text, int nfe,
                         Trace trace, long nanos, boolean stopped) {

    /** Positions actually decoded (what token-by-token decoding would have spent one call each on). */
    public int decodedPositions() {
        int n = 0;
        for (int i = 0; i < trace.length(); i++) if (trace.stepOf(i) >= 0) n++;
        return n;
    }

    /** Speed-up over token-by-token decoding: decoded positions per NFE. */
    public double speedup() { return nfe == 0 ? 0 : (double) decodedPositions() / nfe; }

    /** How far apart the positions revealed together lie, over this decode's steps. */
    public SpacingStats spacing() { return SpacingStats.of(trace); }
}
