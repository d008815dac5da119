package dev.dilate.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The masked-diffusion loss on held-out data: a fixed set of batches, masked once from a seed of
 * their own, scored with the training objective's weights but without gradients. The same batches
 * at every checkpoint make its values a learning curve. In nats per token it bounds the data's
 * negative log-likelihood from above (LLaDA's ELBO), so exp of it is a perplexity bound.
 */
public final class HeldOut {
    private final List<Batch> batches = new ArrayList<>();

    /** {@code count} batches of {@code size} examples drawn from data and masked as training masks them. */
    public HeldOut(TrainingData data, int count, int size, int maskId, TrainOptions options, long seed) {
        if (count < 1 || size < 1) throw new IllegalArgumentException("held-out batches and their size must be at least 1");
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < count; i++)
            batches.add(MaskedDiffusion.mask(data.batch(size, rng), maskId, options.padId(), options.timeEps(), rng));
    }

    /** The mean over the batches of their loss (each: the sum over masked rows of weight x cross-entropy), in nats per token. */
    public double loss(Parameters p) {
        Network network = new Network(p.config());
        double total = 0;
        for (Batch b : batches) total += network.loss(p, b);
        return total / batches.size();
    }
}
