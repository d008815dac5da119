package dev.dilate.generate;

/** Told about each denoising step as it happens (traces, live views, exact-gap accounting). */
@FunctionalInterface
public interface StepListener {
    /** Ignores every step. */
    StepListener NONE = (step, canvas) -> {};

    /**
     * Called once the step's tokens are written to the canvas.
     *
     * @param step   what the step revealed (positions are offsets after the prompt)
     * @param canvas the whole canvas after the step; do not modify
     */
    void onStep(Trace.Step step, int[] canvas);
}
