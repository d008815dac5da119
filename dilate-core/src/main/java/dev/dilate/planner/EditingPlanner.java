package dev.dilate.planner;

/**
 * LLaDA 2.1's decoding with token editing. Each call reveals every masked position whose
 * confidence is above tauMask (at least the most confident one), and rewrites every position it
 * revealed earlier in the block whose prediction is a different token with probability above
 * tauEdit. When no mask is left the block gets further calls while they still edit, at most
 * {@code maxPost} of them. Editing stays inside the current block, so a block-causal model's
 * cache of finished blocks stays exact. tauEdit = 1 turns editing off.
 */
public final class EditingPlanner implements Planner {
    private final double tauMask, tauEdit;
    private final int maxPost;
    /** Calls the current block had with no mask left, and whether the last call edited anything. */
    private int postCalls;
    private boolean lastEdited;

    /**
     * @param tauMask confidence above which a masked position is revealed
     * @param tauEdit probability above which a revealed position's different prediction replaces it
     * @param maxPost calls a block may have once its masks are gone
     * @throws IllegalArgumentException unless both thresholds are in [0, 1] and maxPost is at least 0
     */
    public EditingPlanner(double tauMask, double tauEdit, int maxPost) {
        if (!(tauMask >= 0 && tauMask <= 1) || !(tauEdit >= 0 && tauEdit <= 1))
            throw new IllegalArgumentException("editing thresholds must be in [0, 1], got mask=" + tauMask + ", edit=" + tauEdit);
        if (maxPost < 0) throw new IllegalArgumentException("editing post must be at least 0, got " + maxPost);
        this.tauMask = tauMask;
        this.tauEdit = tauEdit;
        this.maxPost = maxPost;
    }

    @Override
    public void startBlock(Block block) {
        postCalls = 0;
        lastEdited = false;
    }

    @Override
    public int[] select(Block block, Predictions predictions) {
        Integer[] order = Ranking.rank(predictions, Ranking.CONFIDENCE, block);
        int k = 1;
        while (k < order.length && predictions.confidence(order[k]) > tauMask) k++;
        return Ranking.positions(predictions, order, Math.min(k, order.length));
    }

    @Override
    public int[] editable(Block block) { return tauEdit >= 1 ? new int[0] : block.revealed(); }

    @Override
    public int[] edit(Block block, Predictions revealed) {
        if (block.done()) postCalls++;
        int[] chosen = new int[revealed.size()];
        int n = 0;
        for (int i = 0; i < revealed.size(); i++)
            if (revealed.confidence(i) > tauEdit && revealed.token(i) != block.token(revealed.position(i))) chosen[n++] = revealed.position(i);
        lastEdited = n > 0;
        return java.util.Arrays.copyOf(chosen, n);
    }

    /** Once the masks are gone: one more call, then more while they edit, up to maxPost in all. */
    @Override
    public boolean passAgain(Block block) {
        return editable(block).length > 0 && postCalls < maxPost && (postCalls == 0 || lastEdited);
    }
}
