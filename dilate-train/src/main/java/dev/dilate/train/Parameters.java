package dev.dilate.train;

import dev.dilate.model.Architecture;
import dev.dilate.model.ModelConfig;
import dev.dilate.tensor.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The trainable tensors of a LLaDA-architecture model (no biases, MHA or GQA, tied or untied
 * head) as plain float arrays, row-major with y = x W^T, exactly as inference reads them from a
 * GGUF file. The same type holds gradients and AdamW's moments: any state shaped like the model.
 */
public final class Parameters {

    /** One pre-norm block. */
    public record Layer(float[] attentionNorm, float[] wq, float[] wk, float[] wv, float[] wo,
                        float[] ffnNorm, float[] gate, float[] up, float[] down) {}

    /**
     * A tensor under its GGUF name, {@code rows} x {@code cols} (a norm is one row); norms are
     * kept out of weight decay.
     */
    public record Tensor(String name, int rows, int cols, float[] data, boolean norm) {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private final ModelConfig config;
    private final boolean tiedOutput;
    private final float[] embedding, outputNorm, output;
    private final Layer[] layers;
    private final List<Tensor> tensors = new ArrayList<>();

    private Parameters(ModelConfig config, boolean tiedOutput) {
        if (Architecture.of(config) != Architecture.LLADA || config.ropeHalf() || config.shiftLogits())
            throw new IllegalArgumentException("the trainer builds LLaDA models (adjacent-pair RoPE, unshifted logits), not " + config);
        this.config = config;
        this.tiedOutput = tiedOutput;
        int d = config.dim(), qd = config.qDim(), kvd = config.kvDim(), f = config.ffn(), V = config.vocab();
        embedding = add("token_embd.weight", V, d, false);
        layers = new Layer[config.layers()];
        for (int i = 0; i < layers.length; i++) {
            String p = "blk." + i + ".";
            layers[i] = new Layer(add(p + "attn_norm.weight", 1, d, true), add(p + "attn_q.weight", qd, d, false),
                    add(p + "attn_k.weight", kvd, d, false), add(p + "attn_v.weight", kvd, d, false),
                    add(p + "attn_output.weight", d, qd, false), add(p + "ffn_norm.weight", 1, d, true),
                    add(p + "ffn_gate.weight", f, d, false), add(p + "ffn_up.weight", f, d, false),
                    add(p + "ffn_down.weight", d, f, false));
        }
        outputNorm = add("output_norm.weight", 1, d, true);
        output = tiedOutput ? null : add("output.weight", V, d, false);
    }

    private float[] add(String name, int rows, int cols, boolean norm) {
        float[] data = new float[rows * cols];
        tensors.add(new Tensor(name, rows, cols, data, norm));
        return data;
    }

    /** All zeros: gradients, fresh optimizer moments. */
    public static Parameters zeros(ModelConfig config, boolean tiedOutput) { return new Parameters(config, tiedOutput); }

    /**
     * A fresh model: matrices normal with standard deviation 0.02, norm weights 1. Each tensor
     * draws from its own split of the seed, so adding a tensor does not change the others.
     */
    public static Parameters initial(ModelConfig config, boolean tiedOutput, long seed) {
        Parameters p = new Parameters(config, tiedOutput);
        SplittableRandom rng = new SplittableRandom(seed);
        for (Tensor t : p.tensors) {
            SplittableRandom own = rng.split();
            float[] v = t.data();
            for (int i = 0; i < v.length; i++) v[i] = t.norm() ? 1 : (float) (0.02 * gaussian(own));
        }
        return p;
    }

    /** A standard normal draw (Box-Muller, one of the pair). */
    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    /** Same shape, all zeros. */
    public Parameters zerosLike() { return new Parameters(config, tiedOutput); }

    /** An independent copy. */
    public Parameters copy() {
        Parameters c = zerosLike();
        c.copyFrom(this);
        return c;
    }

    public void copyFrom(Parameters other) {
        for (int i = 0; i < tensors.size(); i++) {
            float[] from = other.tensors.get(i).data();
            System.arraycopy(from, 0, tensors.get(i).data(), 0, from.length);
        }
    }

    public void zero() { for (Tensor t : tensors) java.util.Arrays.fill(t.data(), 0); }

    public ModelConfig config() { return config; }

    /**
     * The global (L2) norm of all tensors: a gradient's, for clipping. Each tensor's sum of squares
     * is one job, in float lanes over blocks of 4,096 values added in double (a block whose float
     * sum overflows is summed again in double), in a fixed order, so the norm does not depend on
     * the thread count; a serial scalar pass over the 4.7M values of the reference shape cost 1-2%
     * of a step.
     */
    public double norm() {
        double[] parts = new double[tensors.size()];
        Parallel.forRange(parts.length, 1, (from, to) -> {
            for (int t = from; t < to; t++) {
                float[] x = tensors.get(t).data();
                double part = 0;
                for (int block = 0; block < x.length; block += 4096) {
                    int end = Math.min(x.length, block + 4096), upper = block + S.loopBound(end - block), i = block;
                    FloatVector acc = FloatVector.zero(S);
                    for (; i < upper; i += S.length()) {
                        FloatVector v = FloatVector.fromArray(S, x, i);
                        acc = v.fma(v, acc);
                    }
                    float lanes = acc.reduceLanes(VectorOperators.ADD);
                    if (Float.isFinite(lanes)) part += lanes;
                    else for (i = block; i < upper; i++) part += (double) x[i] * x[i];
                    for (; i < end; i++) part += (double) x[i] * x[i];
                }
                parts[t] = part;
            }
        });
        double sum = 0;
        for (double part : parts) sum += part;
        return Math.sqrt(sum);
    }

    public boolean tiedOutput() { return tiedOutput; }
    public float[] embedding() { return embedding; }
    public Layer layer(int i) { return layers[i]; }
    public float[] outputNorm() { return outputNorm; }
    /** The head: its own matrix, or the embedding when tied. */
    public float[] output() { return tiedOutput ? embedding : output; }
    /** Every tensor, in GGUF order. */
    public List<Tensor> tensors() { return java.util.Collections.unmodifiableList(tensors); }

    /**
     * A 64-bit hash of every value's bits (never 0): names the weights a run started from, so a
     * checkpoint of one run is not resumed by another.
     */
    public long fingerprint() {
        long h = 0xcbf29ce484222325L;
        for (Tensor t : tensors) for (float x : t.data()) h = (h ^ Float.floatToRawIntBits(x)) * 0x100000001b3L;
        return h == 0 ? 1 : h;
    }

    /** The number of trainable values. */
    public long count() { return tensors.stream().mapToLong(t -> t.data().length).sum(); }
}
