package dev.dilate.train;

/**
 * How to train: batch, optimizer, schedule, objective and bookkeeping.
 *
 * @param steps           the schedule's length: warm-up, then cosine decay to minLearningRate at this step
 * @param batch           sequences per step
 * @param warmup          steps of linear warm-up from learningRate / warmup
 * @param clip            global gradient norm above which gradients are scaled down (0: off)
 * @param timeEps         the floor of the masking time t, drawn uniformly in (timeEps, 1]
 * @param padId           the token after a batch's shorter sequences, up to its longest (attention never reads it)
 * @param seed            model initialisation, data and masking all follow from it
 * @param checkpointEvery steps between checkpoints (0: only at the end of a run)
 * @param logEvery        steps between progress lines
 */
public record TrainOptions(int steps, int batch, double learningRate, double minLearningRate, int warmup,
                           float weightDecay, float beta1, float beta2, float adamEps, double clip,
                           double timeEps, int padId, long seed, int checkpointEvery, int logEvery) {

    public TrainOptions {
        if (steps < 1 || batch < 1 || warmup < 0 || checkpointEvery < 0 || logEvery < 1)
            throw new IllegalArgumentException("steps, batch and logEvery must be positive, warmup and checkpointEvery not negative: " + this);
        if (!(learningRate > 0) || minLearningRate < 0 || minLearningRate > learningRate)
            throw new IllegalArgumentException("need 0 <= minLearningRate <= learningRate, learningRate > 0: " + this);
        if (!(timeEps > 0 && timeEps < 1)) throw new IllegalArgumentException("timeEps must be in (0, 1): " + this);
    }

    /** Usual settings for a small model: lr 1e-3 to 1e-4, 5% warm-up, wd 0.1, betas (0.9, 0.95), clip 1. */
    public static TrainOptions defaults(int steps, int batch, int padId, long seed) {
        return new TrainOptions(steps, batch, 1e-3, 1e-4, Math.max(1, steps / 20), 0.1f, 0.9f, 0.95f, 1e-8f, 1.0,
                1e-3, padId, seed, Math.max(1, steps / 10), Math.max(1, steps / 100));
    }

    public TrainOptions withLearningRate(double max, double min) {
        return new TrainOptions(steps, batch, max, min, warmup, weightDecay, beta1, beta2, adamEps, clip, timeEps, padId, seed, checkpointEvery, logEvery);
    }

    public TrainOptions withBookkeeping(int checkpointEvery, int logEvery) {
        return new TrainOptions(steps, batch, learningRate, minLearningRate, warmup, weightDecay, beta1, beta2, adamEps, clip, timeEps, padId, seed, checkpointEvery, logEvery);
    }

    /** The learning rate of step s (0-based): linear warm-up to learningRate, then cosine decay to minLearningRate. */
    public double learningRate(long s) {
        if (s < warmup) return learningRate * (s + 1) / warmup;
        double progress = Math.min(1, (double) (s - warmup) / Math.max(1, steps - warmup));
        return minLearningRate + 0.5 * (learningRate - minLearningRate) * (1 + Math.cos(Math.PI * progress));
    }
}
