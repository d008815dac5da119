package dev.dilate.model;

import dev.dilate.generate.CachePolicy;
import dev.dilate.generate.Denoiser;
import dev.dilate.generate.KeyValueCache;
import dev.dilate.generate.Vocabulary;
import dev.dilate.tensor.Gemm;
import dev.dilate.tensor.Matrix;
import dev.dilate.tensor.Parallel;
import dev.dilate.tensor.Rows;

/**
 * The bidirectional pre-norm transformer of LLaDA and Dream as a {@link Denoiser}: a call runs all
 * layers over the canvas's recomputed positions (all of them without a cache: every position
 * attends to every other), the others' keys and values read from the decode's {@link KVCache},
 * then the output head only for the rows asked for, which is where a planner like DUS saves most.
 */
public final class Transformer implements Denoiser {
    /** Forwards of fewer FLOPs than this run on the calling thread (see {@link Parallel#inline}). */
    private static final double INLINE_FLOPS = 1e9;
    private final ModelConfig config;
    private final Weights weights;
    private final Vocabulary vocabulary;
    private Rope rope;
    private final ForwardProfile profile = new ForwardProfile();

    /** A transformer of the given shape over its weights; {@code vocabulary} names its token ids. */
    public Transformer(ModelConfig config, Weights weights, Vocabulary vocabulary) {
        this.config = config;
        this.weights = weights;
        this.vocabulary = vocabulary;
    }

    /** Its shape and the architecture's choices (RoPE pairing, logit shift, mask id). */
    public ModelConfig config() { return config; }
    /** Its weights, as loaded (memory-mapped where the file allows). */
    public Weights weights() { return weights; }
    @Override public Vocabulary vocabulary() { return vocabulary; }
    @Override public int maskId() { return config.maskId(); }
    @Override public boolean shiftedLogits() { return config.shiftLogits(); }
    @Override public int attentionBlock() { return config.attentionBlock(); }
    /** Time spent so far, by part; reset it to measure a stretch of calls. */
    public ForwardProfile profile() { return profile; }

    @Override
    public float[][] logits(int[] canvas, int[] rows) {
        return logits(new int[][] {canvas}, new int[][] {rows})[0];
    }

    @Override public KVCache newCache(int length, CachePolicy.Storage storage) { return new KVCache(config, length, storage); }

    /** Bytes a cache in the given precision holds per canvas position: every layer's key and value rows. */
    public long cacheBytesPerPosition(CachePolicy.Storage storage) { return KVCache.bytesPerPosition(config.layers(), config.kvDim(), storage); }

    @Override
    public float[][] logits(int[] canvas, int[] rows, int[] fresh, KeyValueCache cache) {
        return logits(new int[][] {canvas}, new int[][] {rows}, new int[][] {fresh}, new KeyValueCache[] {cache})[0];
    }

    @Override public boolean batchesCanvases() { return true; }

    /** Whole forwards of several canvases at once (see the cached form below). */
    public float[][][] logits(int[][] canvases, int[][] rows) {
        return logits(canvases, rows, new int[canvases.length][], new KeyValueCache[canvases.length]);
    }

    /**
     * One forward over several canvases (of any lengths) at once: out[i] holds the logits of
     * canvas i's requested rows, equal to what {@link #logits(int[], int[], int[], KeyValueCache)}
     * gives for it alone (fresh[i] and caches[i] null for a whole forward without a cache). The
     * projections, feed-forward and head run over the recomputed rows of all canvases stacked,
     * which reuses each weight across more positions; attention runs per canvas. Not thread-safe:
     * one caller at a time, and a cache belongs to one canvas.
     */
    @Override
    public float[][][] logits(int[][] canvases, int[][] rows, int[][] fresh, KeyValueCache[] caches) {
        for (int[] canvas : canvases)
            for (int t = 0; t < canvas.length; t++)
                if (canvas[t] < 0 || canvas[t] >= config.vocab())
                    throw new IllegalArgumentException("canvas position " + t + " holds token " + canvas[t] + ", outside the vocabulary of " + config.vocab());
        KVCache[] own = new KVCache[caches.length];
        for (int i = 0; i < caches.length; i++) {
            if (caches[i] != null && !(caches[i] instanceof KVCache c && c.fits(config)))
                throw new IllegalArgumentException("cache " + i + " was not made by this model (Transformer.newCache)");
            own[i] = (KVCache) caches[i];
        }
        Stack stack = new Stack(canvases, rows, fresh, own);
        float[][][] out = 2.0 * config.projectionWeights() * stack.totalRows() < INLINE_FLOPS ? Parallel.inline(() -> forward(stack)) : forward(stack);
        stack.commit();
        return out;
    }

    private float[][][] forward(Stack stack) {
        int d = config.dim(), R = stack.totalQueries();
        float[] x = hidden(stack);
        float[] h = new float[R * d];
        normRows(x, weights.outputNorm(), h, R, d);
        int V = weights.output().rows();
        float[] flat = new float[R * V];
        long headStart = System.nanoTime();
        Gemm.multiply(weights.output(), h, R, flat);
        profile.headNanos += System.nanoTime() - headStart;
        profile.headFlops += 2L * V * d * R;
        profile.calls++;
        float[][][] out = new float[stack.size()][][];
        for (int i = 0; i < stack.size(); i++) {
            int n = stack.queryStart[i + 1] - stack.queryStart[i];
            out[i] = new float[n][];
            for (int r = 0; r < n; r++) {
                int q = stack.queryStart[i] + r;
                out[i][r] = java.util.Arrays.copyOfRange(flat, q * V, (q + 1) * V);
                if (weights.outputBias() != null) for (int v = 0; v < V; v++) out[i][r][v] += weights.outputBias()[v];
            }
        }
        return out;
    }

    /**
     * The residual stream after the last layer at the requested rows (one row of dim values per
     * requested row, canvas after canvas). Every layer but the last runs over every position,
     * since every position attends to every other in its canvas; the last one needs keys and
     * values of all positions but queries, attention output and the feed-forward only for the
     * rows whose logits are wanted.
     */
    private float[] hidden(Stack stack) {
        int L = stack.totalRows(), d = config.dim();
        if (rope == null || rope.length() < stack.longest()) rope = new Rope(Math.max(stack.longest(), 64), config.headDim(), config.ropeDims(), config.ropeTheta(), config.ropeHalf());
        Scratch s = scratch.get();
        if (s == null || s.x().length < L * d) scratch.set(s = new Scratch(config, L));
        float[] x = s.x();
        for (int i = 0; i < stack.size(); i++)
            for (int r = stack.start[i]; r < stack.start[i + 1]; r++) weights.embedding().row(stack.canvases[i][stack.position[r]], x, r * d);
        Weights.Layer[] layers = weights.layers();
        for (int i = 0; i < layers.length; i++) x = block(i, x, stack, i == layers.length - 1, s);
        return x;
    }

    /**
     * A forward's residual stream and intermediate buffers, sized for at least the whole canvas
     * stack and reused by every layer, and from call to call by the calling thread: G1 allocates an
     * array of 1 MB or more (from a few hundred positions of a 1B model) outside its young
     * generation, at milliseconds each.
     */
    private record Scratch(float[] x, float[] h, float[] q, float[] k, float[] v, float[] att, float[] proj, float[] g, float[] up) {
        Scratch(ModelConfig c, int L) {
            this(new float[L * c.dim()], new float[L * c.dim()], new float[L * c.qDim()], new float[L * c.kvDim()], new float[L * c.kvDim()],
                    new float[L * c.qDim()], new float[L * c.dim()], new float[L * c.ffn()], new float[L * c.ffn()]);
        }
    }

    private final ThreadLocal<Scratch> scratch = new ThreadLocal<>();

    /**
     * One pre-norm block over every stacked position; returns the outputs of the requested rows
     * only when {@code last}, else of all rows (in place).
     */
    private float[] block(int index, float[] x, Stack stack, boolean last, Scratch s) {
        Weights.Layer layer = weights.layers()[index];
        int d = config.dim(), L = stack.totalRows();
        int Q = last ? stack.totalQueries() : L;
        int[] queryStart = last ? stack.queryStart : stack.start;
        float[] h = s.h(), q = s.q(), k = s.k(), v = s.v(), att = s.att(), proj = s.proj(), g = s.g(), up = s.up();
        normRows(x, layer.attentionNorm(), h, L, d);
        project(layer.wq(), last ? gather(h, stack.queryRow, d) : h, Q, q);
        project(layer.wk(), h, L, k);
        project(layer.wv(), h, L, v);
        addBias(q, layer.bq(), Q);
        addBias(k, layer.bk(), L);
        addBias(v, layer.bv(), L);
        if (layer.qNorm() != null) {     // per-head RMSNorm of queries and keys, before RoPE
            headNorm(q, Q, config.heads(), layer.qNorm());
            headNorm(k, L, config.kvHeads(), layer.kNorm());
        }
        rope.apply(q, Q, last ? stack.queryPosition : stack.position, config.heads());
        rope.apply(k, L, stack.position, config.kvHeads());
        long attStart = System.nanoTime();
        for (int i = 0; i < stack.size(); i++) {
            int q0 = queryStart[i], queries = queryStart[i + 1] - q0;
            KVCache cache = stack.caches[i];
            int from = stack.start[i], to = stack.start[i + 1];
            if (cache != null) cache.store(index, k, v, stack.position, from, to);
            // Every position recomputed: attention reads this call's keys and values as they are;
            // else the recomputed rows' keys and values as computed, the others' from the cache.
            Attention.KeyValues kv = cache == null || to - from == stack.canvases[i].length
                    ? Attention.rows(k, v, from, to - from, config)
                    : cache.layer(index, k, v, stack.position, from, to);
            Attention.compute(q, q0, queries, last ? stack.queryPosition : stack.position, kv, att, config);
        }
        profile.attentionNanos += System.nanoTime() - attStart;
        project(layer.wo(), att, Q, proj);
        float[] out = last ? gather(x, stack.queryRow, d) : x;
        Rows.add(out, proj, Q * d);
        normRows(out, layer.ffnNorm(), h, Q, d);
        if (layer.experts() != null) {
            MixtureOfExperts.add(layer.experts(), config.moe(), h, Q, d, out, this::project);
            return out;
        }
        FeedForward.swiglu(this::project, layer.gate(), layer.up(), layer.down(), h, Q, g, up, proj);
        Rows.add(out, proj, Q * d);
        return out;
    }

    /** The given rows of a row-major matrix with {@code width} columns, in a new array. */
    private static float[] gather(float[] m, int[] rows, int width) {
        return Rows.gather(m, rows, width, new float[rows.length * width]);
    }

    private void project(Matrix w, float[] in, int tokens, float[] out) {
        long t0 = System.nanoTime();
        Gemm.multiply(w, in, tokens, out);
        profile.projectionNanos += System.nanoTime() - t0;
        profile.projectionFlops += 2L * w.rows() * w.cols() * tokens;
    }

    private void normRows(float[] x, float[] w, float[] out, int rows, int d) {
        Parallel.forRange(rows, 8, (from, to) -> {
            for (int t = from; t < to; t++) rmsNorm(x, t * d, w, out, t * d, d);
        });
    }

    /** out = x / sqrt(mean(x^2) + eps) * w, accumulated in double as the references do in fp32 or better. */
    private void rmsNorm(float[] x, int xo, float[] w, float[] out, int oo, int d) {
        double ss = 0;
        for (int i = 0; i < d; i++) ss += (double) x[xo + i] * x[xo + i];
        float inv = (float) (1 / Math.sqrt(ss / d + config.eps()));
        for (int i = 0; i < d; i++) out[oo + i] = x[xo + i] * inv * w[i];
    }

    /** Each of the rows' heads (of headDim values) RMS-normalised in place with the heads' shared weights w. */
    private void headNorm(float[] x, int rows, int heads, float[] w) {
        int hd = config.headDim();
        Parallel.forRange(rows, 8, (from, to) -> {
            for (int t = from; t < to; t++)
                for (int hh = 0; hh < heads; hh++) rmsNorm(x, (t * heads + hh) * hd, w, x, (t * heads + hh) * hd, hd);
        });
    }

    private static void addBias(float[] y, float[] bias, int rows) {
        if (bias == null) return;
        int n = bias.length;
        for (int t = 0; t < rows; t++) for (int i = 0; i < n; i++) y[t * n + i] += bias[i];
    }
}
