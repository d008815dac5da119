package dev.dilate.planner;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A fixed schedule of levels (DUS's dilated lattice or the binary midpoints): level t is revealed
 * on call t regardless of the predictions, so a block costs one call per level.
 *
 * <p>With a {@code deferBelow} threshold, a planned position whose confidence is below it is not
 * revealed but deferred to the next level, as the paper's skip heuristic describes (the official
 * code instead re-masks it and never revisits it). The last level reveals everything left.
 */
public final class LatticePlanner implements Planner {
    private final IntFunction<List<int[]>> levelsForBlock;
    private final double deferBelow;
    private List<int[]> levels;
    private int level;
    private final List<Integer> deferred = new ArrayList<>();

    /**
     * A planner that asks {@code levelsForBlock} for the levels at the start of every block.
     *
     * @param levelsForBlock block size to 0-based level offsets
     * @param deferBelow     confidence under which a planned position waits for the next level (0 = never)
     */
    public LatticePlanner(IntFunction<List<int[]>> levelsForBlock, double deferBelow) {
        if (!(deferBelow >= 0 && deferBelow <= 1)) throw new IllegalArgumentException("skip threshold must be in [0, 1], got " + deferBelow);
        this.levelsForBlock = levelsForBlock;
        this.deferBelow = deferBelow;
    }

    @Override
    public void startBlock(Block block) {
        levels = levelsForBlock.apply(block.size());
        level = 0;
        deferred.clear();
    }

    @Override
    public int[] candidates(Block block) {
        // Levels whose positions are all known already (e.g. fixed tokens) cost no call.
        while (level < levels.size()) {
            int[] planned = plannedMasked(block);
            if (planned.length > 0) return planned;
            deferred.clear();
            level++;
        }
        return block.masked();
    }

    private int[] plannedMasked(Block block) {
        List<Integer> out = new ArrayList<>();
        for (int p : deferred) if (block.isMasked(p)) out.add(p);
        for (int offset : levels.get(level)) {
            int p = block.start() + offset;
            if (block.isMasked(p)) out.add(p);
        }
        return out.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    @Override
    public int[] select(Block block, Predictions predictions) {
        boolean lastLevel = level >= levels.size() - 1;
        List<Integer> reveal = new ArrayList<>();
        deferred.clear();
        for (int i = 0; i < predictions.size(); i++) {
            if (lastLevel || predictions.confidence(i) >= deferBelow) reveal.add(predictions.position(i));
            else deferred.add(predictions.position(i));
        }
        level++;
        return reveal.stream().mapToInt(Integer::intValue).toArray();
    }
}
