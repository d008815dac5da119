package dev.dilate.generate;

/**
 * A masked diffusion model's denoiser. One call of {@link #logits} is one function evaluation
 * (NFE); the generator counts them, the denoiser does not.
 */
public interface Denoiser {

    Vocabulary vocabulary();

    /** The id written on masked canvas positions. */
    int maskId();

    /**
     * True when output row p predicts position p+1, as in Dream (an autoregressive
     * initialisation): the generator then reads position p's prediction from row p-1.
     */
    boolean shiftedLogits();

    /**
     * Runs the denoiser on the whole canvas (masked positions hold {@link #maskId()}) and returns
     * the output logits of the requested rows only, each of length {@code vocabulary().size()}.
     * Any monotone shift per row is allowed (log-probabilities are logits too).
     */
    float[][] logits(int[] canvas, int[] rows);
}
