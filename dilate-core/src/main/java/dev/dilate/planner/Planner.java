package dev.dilate.planner;

/**
 * Chooses which masked positions of a block to reveal after each denoiser call (and, for an
 * editing planner, which revealed ones to rewrite).
 *
 * <p>Planners never call the model and never count NFE: the generator asks for
 * {@link #candidates}, runs the denoiser on exactly those positions (one NFE), and passes the
 * predictions to {@link #select}. A planner instance decodes one sequence at a time and may keep
 * per-block state, reset in {@link #startBlock}.
 */
public interface Planner {

    /** Called before the first step of every block. */
    default void startBlock(Block block) {}

    /**
     * Masked positions that may be revealed on this step; the denoiser computes predictions
     * (and a model its output head) only for these. Never empty while the block has masks.
     */
    default int[] candidates(Block block) { return block.masked(); }

    /**
     * Positions to reveal now, a subset of the candidates, best first (the order the spacing
     * filter relies on). May be empty only if a later step is guaranteed to make progress.
     */
    int[] select(Block block, Predictions predictions);

    /** True when the planner's own choices are random, so a decode's path probability only bounds its likelihood. */
    default boolean selectsAtRandom() { return false; }

    /**
     * Token editing (LLaDA 2.1): revealed positions of the block whose tokens this step may
     * rewrite. The same denoiser call predicts them (no extra NFE) and {@link #edit} chooses. None
     * by default: a revealed token is final.
     */
    default int[] editable(Block block) { return new int[0]; }

    /**
     * Of the editable positions' predictions, those to overwrite with their predicted token now
     * ({@link Block#token} tells what is written there). Called every step that had editable
     * positions, after {@link #select} and before either is applied.
     */
    default int[] edit(Block block, Predictions revealed) { return new int[0]; }

    /** Whether a block with no masks left gets another call, to edit it; false by default. */
    default boolean passAgain(Block block) { return false; }
}
