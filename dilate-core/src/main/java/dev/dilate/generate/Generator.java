package dev.dilate.generate;

import dev.dilate.planner.Block;
import dev.dilate.planner.Planner;
import dev.dilate.planner.Planners;
import dev.dilate.planner.Predictions;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The decoding loop: a canvas of G masked positions after the prompt, decoded in blocks of B from
 * left to right (for a block-causal model, blocks counted from position 0). Each step asks the
 * planner for candidates, runs the denoiser on them (one NFE, two with guidance) recomputing the
 * positions the cache policy names, lets the planner pick, and writes the chosen tokens; an
 * editing planner may also rewrite tokens it revealed earlier in the block.
 */
public final class Generator {
    /** Consecutive steps without a reveal after which a planner is declared stuck. */
    private static final int MAX_IDLE_STEPS = 10_000;

    private final Denoiser denoiser;

    /** A generator calling {@code denoiser}; it keeps no state between decodes. */
    public Generator(Denoiser denoiser) { this.denoiser = denoiser; }

    /** As {@link #generate(int[], Planner, GenerationConfig, StepListener)}, telling no listener. */
    public Generation generate(int[] prompt, Planner planner, GenerationConfig cfg) {
        return generate(prompt, planner, cfg, StepListener.NONE);
    }

    /**
     * Decodes with the planner a spec names ({@code dus}, {@code cb:tau=0.9+spaced}, ...), made for
     * the config's block size: B is given once, in the config.
     */
    public Generation generate(int[] prompt, String plannerSpec, GenerationConfig cfg) {
        return generate(prompt, Planners.create(plannerSpec, cfg.blockSize()), cfg, StepListener.NONE);
    }

    /**
     * Decodes G positions after {@code prompt} block by block (fewer when a stop ends it early), with
     * {@code planner} choosing what to reveal and {@code listener} told of every step; every random
     * choice flows from the sampling seed.
     *
     * @throws IllegalArgumentException if a prompt id lies outside the vocabulary or is the mask id, or
     *         the cache policy caches and the denoiser keeps no cache
     * @throws IllegalStateException    if the planner breaks its contract (no candidates, a candidate or
     *         pick it may not make, or nothing revealed in 10,000 steps in a row) or the denoiser returns
     *         logits of the wrong shape or with no finite maximum
     */
    public Generation generate(int[] prompt, Planner planner, GenerationConfig cfg, StepListener listener) {
        long started = System.nanoTime();
        int vocab = denoiser.vocabulary().size();
        int mask = denoiser.maskId();
        for (int i = 0; i < prompt.length; i++) {
            if (prompt[i] < 0 || prompt[i] >= vocab || prompt[i] == mask)
                throw new IllegalArgumentException("prompt token " + i + " has id " + prompt[i] + ", outside the vocabulary of " + vocab + " (or the mask id)");
        }
        int P = prompt.length, G = cfg.genLength(), B = cfg.blockSize();
        // A block-causal model (LLaDA 2) counts its blocks from position 0, and so does its decoding:
        // the prompt's partial last block is decoded first (its prompt positions known), and the
        // canvas is padded with masks to a whole block, as the model's own loop does; the padding is
        // decoded with the last block and cut from the answer.
        boolean aligned = denoiser.attentionBlock() > 0;
        int first = aligned ? P / B * B : P, end = aligned ? Math.ceilDiv(P + G, B) * B : P + G;
        int[] canvas = Arrays.copyOf(prompt, end);
        Arrays.fill(canvas, P, end, mask);
        Trace trace = new Trace(end - P);
        SplittableRandom tokenRng = new SplittableRandom(cfg.sampling().seed());
        SplittableRandom plannerRng = tokenRng.split();
        Set<Integer> suppressed = new HashSet<>(cfg.suppressTokens());
        if (mask < vocab) suppressed.add(mask);

        Calls calls = new Calls(cfg, end);
        int nfe = 0, stepIndex = 0, blocks = (end - first) / B;
        boolean stopped = false;
        for (int b = 0; b < blocks && !stopped; b++) {
            Block block = new Block(first + b * B, B, plannerRng);
            for (int p = block.start(); p < P; p++) block.markKnown(p);
            planner.startBlock(block);
            calls.startBlock(block.start());
            int idle = 0;
            while (!block.done() || planner.passAgain(block)) {
                long t0 = System.nanoTime();
                int[] candidates = block.done() ? new int[0] : checkedCandidates(planner.candidates(block), block);
                int[] editable = checkedEditable(planner.editable(block), block);
                // One call predicts both: the masked candidates and the revealed positions an editing planner may rewrite.
                int[] asked = IntStream.concat(IntStream.of(candidates), IntStream.of(editable)).sorted().toArray();
                Distribution[] all = predict(canvas, asked, prompt.length, calls, suppressed);
                nfe += cfg.cfgScale() > 0 ? 2 : 1;
                Distribution[] dists = pick(all, asked, candidates), editDists = pick(all, asked, editable);
                int[] x0 = new int[candidates.length], editX0 = new int[editable.length];
                Predictions predictions = summarise(candidates, dists, x0, cfg, tokenRng);
                int[] picks = candidates.length == 0 ? new int[0] : checkedPicks(planner.select(block, predictions), candidates);
                int[] edits = editable.length == 0 ? new int[0]
                        : checkedPicks(planner.edit(block, summarise(editable, editDists, editX0, cfg, tokenRng)), editable);
                Arrays.sort(picks);
                Arrays.sort(edits);
                int[] editTokens = new int[edits.length];
                for (int r = 0; r < edits.length; r++) {
                    int i = indexOf(editable, edits[r]);
                    editTokens[r] = editX0[i];
                    canvas[edits[r]] = editX0[i];
                    block.rewrite(edits[r], editX0[i]);
                    trace.edit(edits[r] - P, editX0[i], editDists[i].prob(editX0[i]));
                }
                int[] tokens = new int[picks.length];
                for (int r = 0; r < picks.length; r++) {
                    int i = indexOf(candidates, picks[r]);
                    tokens[r] = cfg.drawBeforeSelect() ? x0[i] : dists[i].draw(cfg.sampling(), tokenRng);
                    canvas[picks[r]] = tokens[r];
                    trace.reveal(picks[r] - P, stepIndex, tokens[r], dists[i].prob(tokens[r]), dists[i].entropyBits);
                    if (cfg.alternatives() > 0) {
                        int[] top = dists[i].top(cfg.alternatives());
                        trace.alternatives(picks[r] - P, top, Arrays.stream(top).mapToDouble(dists[i]::prob).toArray());
                    }
                }
                block.reveal(picks, tokens);
                Trace.Step step = new Trace.Step(stepIndex++, b, cfg.cfgScale() > 0 ? 2 : 1, calls.lastForwarded,
                        Arrays.stream(picks).map(p -> p - P).toArray(), tokens, Arrays.stream(edits).map(p -> p - P).toArray(), editTokens,
                        System.nanoTime() - t0);
                trace.addStep(step);
                listener.onStep(step, canvas);
                idle = picks.length == 0 && edits.length == 0 ? idle + 1 : 0;
                if (idle >= MAX_IDLE_STEPS)
                    throw new IllegalStateException("planner revealed nothing in " + MAX_IDLE_STEPS + " consecutive steps of block " + b);
            }
            stopped = b < blocks - 1 && StopRule.hit(canvas, P, block.start() + B, cfg, denoiser.vocabulary());
        }
        int[] tokens = StopRule.cut(canvas, P, cfg, mask);
        if (tokens.length > G) tokens = Arrays.copyOf(tokens, G);   // an aligned decode's padding
        String text = StopRule.cutText(denoiser.vocabulary().decode(tokens), cfg.stopStrings());
        return new Generation(prompt.clone(), canvas, tokens, text, nfe, trace, System.nanoTime() - started, stopped);
    }

    /**
     * One decode's denoiser calls under its cache policy: which positions each recomputes, and
     * the caches (a second one for guidance's unconditional canvas, whose prompt differs).
     */
    private final class Calls {
        final CachePolicy policy;
        final int blockSize;
        final double cfgScale;
        final KeyValueCache cache, uncondCache;
        int blockStart, callInBlock, made, lastForwarded;

        Calls(GenerationConfig cfg, int length) {
            policy = cfg.cache();
            blockSize = cfg.blockSize();
            cfgScale = cfg.cfgScale();
            cache = policy.caches() ? denoiser.newCache(length, policy.storage()) : null;
            if (policy.caches() && cache == null)
                throw new IllegalArgumentException("cache mode '" + policy + "' needs a denoiser that keeps keys and values; "
                        + denoiser.getClass().getSimpleName() + " keeps none (use --cache none)");
            uncondCache = policy.caches() && cfg.cfgScale() > 0 ? denoiser.newCache(length, policy.storage()) : null;
        }

        void startBlock(int start) {
            blockStart = start;
            callInBlock = 0;
        }

        /** The step's call(s): the positions to recompute, the same for both canvases under guidance. */
        int[] fresh(int length, int[] rows) {
            int[] fresh = policy.fresh(length, blockStart, blockSize, callInBlock++, made++ == 0, rows);
            lastForwarded = (fresh == null ? length : fresh.length) * (cfgScale > 0 ? 2 : 1);
            return fresh;
        }
    }

    /** One denoiser call per candidate set (two with guidance), reading Dream-style shifted rows where needed. */
    private Distribution[] predict(int[] canvas, int[] positions, int promptLength, Calls calls, Set<Integer> suppressed) {
        int[] rows = denoiser.shiftedLogits() ? Arrays.stream(positions).map(p -> Math.max(p - 1, 0)).toArray() : positions;
        int[] fresh = calls.fresh(canvas.length, rows);
        float[][] logits = checkedLogits(call(canvas, rows, fresh, calls.cache), rows.length);
        double cfgScale = calls.cfgScale;
        if (cfgScale > 0) {
            // Unconditional branch: the prompt masked out; guided = l_u + (w + 1)(l - l_u), as in LLaDA.
            int[] uncond = canvas.clone();
            Arrays.fill(uncond, 0, promptLength, denoiser.maskId());
            float[][] lu = checkedLogits(call(uncond, rows, fresh, calls.uncondCache), rows.length);
            for (int i = 0; i < logits.length; i++)
                for (int v = 0; v < logits[i].length; v++)
                    logits[i][v] = (float) (lu[i][v] + (cfgScale + 1) * (logits[i][v] - lu[i][v]));
        }
        Distribution[] out = new Distribution[positions.length];
        for (int i = 0; i < positions.length; i++) {
            float[] row = logits[i].clone();
            for (int t : suppressed) if (t >= 0 && t < row.length) row[t] = Float.NEGATIVE_INFINITY;
            out[i] = new Distribution(row);
        }
        return out;
    }

    private float[][] call(int[] canvas, int[] rows, int[] fresh, KeyValueCache cache) {
        return cache == null ? denoiser.logits(canvas, rows) : denoiser.logits(canvas, rows, fresh, cache);
    }

    private Predictions summarise(int[] candidates, Distribution[] d, int[] x0, GenerationConfig cfg, SplittableRandom rng) {
        int n = candidates.length;
        double[] conf = new double[n], p1 = new double[n], p2 = new double[n], h = new double[n];
        for (int i = 0; i < n; i++) {
            x0[i] = cfg.drawBeforeSelect() ? d[i].draw(cfg.sampling(), rng) : d[i].argmax;
            conf[i] = cfg.noConfidenceTokens().contains(x0[i]) ? 0 : d[i].prob(x0[i]);
            p1[i] = d[i].top1;
            p2[i] = d[i].top2;
            h[i] = d[i].entropyBits;
        }
        return new Predictions(candidates, x0.clone(), conf, p1, p2, h);
    }

    private float[][] checkedLogits(float[][] logits, int rows) {
        int vocab = denoiser.vocabulary().size();
        if (logits == null || logits.length != rows)
            throw new IllegalStateException("denoiser returned " + (logits == null ? "null" : logits.length + " rows") + " for " + rows + " requested rows");
        for (float[] row : logits)
            if (row == null || row.length != vocab)
                throw new IllegalStateException("denoiser returned a logits row of length " + (row == null ? 0 : row.length) + ", expected " + vocab);
        return logits;
    }

    private static int[] checkedCandidates(int[] candidates, Block block) {
        if (candidates.length == 0) throw new IllegalStateException("planner proposed no candidates while block at " + block.start() + " still has masks");
        for (int p : candidates)
            if (!block.isMasked(p)) throw new IllegalStateException("planner proposed position " + p + ", which is not masked in the current block");
        int[] sorted = candidates.clone();
        Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++)
            if (sorted[i] == sorted[i - 1]) throw new IllegalStateException("planner proposed position " + sorted[i] + " twice");
        return sorted;
    }

    /** The editable positions an editing planner named: revealed in this block, each once. */
    private static int[] checkedEditable(int[] editable, Block block) {
        Set<Integer> revealed = new HashSet<>();
        for (int p : block.revealed()) revealed.add(p);
        Set<Integer> seen = new HashSet<>();
        for (int p : editable)
            if (!revealed.contains(p) || !seen.add(p))
                throw new IllegalStateException("planner named position " + p + " as editable, which is not a position revealed in this block (or it named it twice)");
        int[] sorted = editable.clone();
        Arrays.sort(sorted);
        return sorted;
    }

    /** The distributions of {@code some} positions out of those of {@code asked} (both ascending). */
    private static Distribution[] pick(Distribution[] all, int[] asked, int[] some) {
        Distribution[] out = new Distribution[some.length];
        for (int i = 0; i < some.length; i++) out[i] = all[Arrays.binarySearch(asked, some[i])];
        return out;
    }

    private static int[] checkedPicks(int[] picks, int[] candidates) {
        Set<Integer> seen = new HashSet<>();
        for (int p : picks) {
            if (indexOf(candidates, p) < 0) throw new IllegalStateException("planner picked position " + p + ", which was not a candidate");
            if (!seen.add(p)) throw new IllegalStateException("planner picked position " + p + " twice");
        }
        return picks.clone();
    }

    private static int indexOf(int[] sorted, int p) {
        int i = Arrays.binarySearch(sorted, p);
        return i >= 0 ? i : -1;
    }
}
