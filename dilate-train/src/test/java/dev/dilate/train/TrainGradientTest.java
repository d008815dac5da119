package dev.dilate.train;

import dev.dilate.model.ModelConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every gradient of a tiny model (each entry of each tensor) against central differences of
 * {@link DoubleReference}, the same loss computed independently in double precision.
 *
 * <p>Tolerance. The differences are taken in double with h = 1e-5: truncation O(h^2) and
 * rounding O(1e-16 / h) are both below 1e-10, so they are exact to the precision that matters.
 * The analytic gradient is float arithmetic some twenty operations deep, whose relative rounding
 * error is up to a hundred times float's 6e-8 (measured: below 1e-6 of each tensor's largest
 * gradient); 1e-5 of that largest gradient leaves room for it and still catches any wrong term,
 * which would be of the order of the gradient itself.
 */
class TrainGradientTest {

    static ModelConfig tiny(int kvHeads) { return twoHeads(kvHeads, 8); }

    /** Two layers of two heads of headDim (d = 2 headDim), FFN 24, vocabulary 11. */
    static ModelConfig twoHeads(int kvHeads, int headDim) {
        return new ModelConfig("llada", 2 * headDim, 2, 2, kvHeads, headDim, 24, 11, 1e-5f, 10000f, false, 10, false, 64);
    }

    /** Parameters spread wider than the 0.02 initialisation, so every nonlinearity is exercised. */
    static Parameters spread(ModelConfig c, boolean tied, long seed) {
        Parameters p = Parameters.zeros(c, tied);
        SplittableRandom rng = new SplittableRandom(seed);
        for (Parameters.Tensor t : p.tensors())
            for (int i = 0; i < t.data().length; i++)
                t.data()[i] = (float) (t.norm() ? 1 + 0.3 * (rng.nextDouble() - 0.5) : 0.4 * (rng.nextDouble() - 0.5));
        return p;
    }

    /**
     * Two sequences of {@code length} (prompts of 2 and 3 tokens, the first answer cycling through
     * 4 tokens, the second padded) with their answers masked at random.
     */
    static Batch batch(ModelConfig c, long seed, int length) {
        int[] answer = new int[length - 2];
        for (int i = 0; i < answer.length; i++) answer[i] = 3 + i % 4;
        List<TrainingData.Example> examples = List.of(
                new TrainingData.Example(new int[] {1, 2}, answer),
                new TrainingData.Example(new int[] {7, 8, 0}, new int[] {9, 2}));
        Batch b;
        SplittableRandom rng = new SplittableRandom(seed);
        do b = MaskedDiffusion.mask(examples, c.maskId(), 9, 0.3, rng);
        while (b.rows().length < 4);
        return b;
    }

    /**
     * Sequences of 6 take the products' and the attention's scalar edges; 66 tokens take their
     * vector paths too (the attention's products and softmax run along rows of L values, and 132
     * rows against 11 tokens put the first block's projections on {@link TokenProjections}), and a
     * head dimension of 32 the attention's two-vector tiles (its outputs are hd wide). That model
     * has 35,520 parameters, so only about 12 entries spread over each tensor are differenced.
     */
    @ParameterizedTest(name = "kvHeads={0} tied={1} length={2} headDim={3}")
    @CsvSource({"2,false,6,8", "1,false,6,8", "1,true,6,8", "1,false,66,8", "1,false,66,32"})
    void everyGradientMatchesCentralDifferences(int kvHeads, boolean tied, int length, int headDim) {
        ModelConfig c = twoHeads(kvHeads, headDim);
        boolean sampled = headDim > 8;
        Parameters p = spread(c, tied, 5), grads = p.zerosLike();
        Batch batch = batch(c, 3, length);
        double loss = new Network(c).lossAndGradients(p, batch, grads);
        DoubleReference ref = new DoubleReference(c, tied);
        double[][] w = DoubleReference.copy(p);
        assertEquals(ref.loss(w, batch), loss, 1e-5 * Math.abs(loss), "loss");
        double h = 1e-5;
        for (int ti = 0; ti < w.length; ti++) {
            Parameters.Tensor t = p.tensors().get(ti);
            double[] fd = new double[w[ti].length];
            double scale = 0;
            int step = sampled ? Math.max(1, fd.length / 12) : 1;
            for (int i = 0; i < fd.length; i += step) {
                double keep = w[ti][i];
                w[ti][i] = keep + h;
                double up = ref.loss(w, batch);
                w[ti][i] = keep - h;
                fd[i] = (up - ref.loss(w, batch)) / (2 * h);
                w[ti][i] = keep;
                scale = Math.max(scale, Math.abs(fd[i]));
            }
            assertTrue(scale > 1e-6, t.name() + " gets no gradient at all: the check would be vacuous");
            for (int i = 0; i < fd.length; i += step) {
                double got = grads.tensors().get(ti).data()[i];
                assertTrue(Math.abs(got - fd[i]) <= 1e-5 * scale,
                        t.name() + "[" + i + "]: analytic " + got + ", finite differences " + fd[i] + " (largest " + scale + ")");
            }
        }
    }
}
