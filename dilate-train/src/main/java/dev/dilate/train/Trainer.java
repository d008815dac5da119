package dev.dilate.train;

import dev.dilate.model.ModelConfig;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Trains a masked diffusion LM: each step draws a batch from the {@link TrainingData}, masks it
 * ({@link MaskedDiffusion}), computes the loss and its gradients ({@link Network}), clips them to
 * a global norm and takes an {@link AdamW} step on the warm-up + cosine schedule.
 *
 * <p>Everything random in step s comes from a generator seeded by (seed, s), and every kernel
 * sums in a fixed order, so a run resumed from a checkpoint repeats the uninterrupted run's
 * losses (on the same machine and thread count) to rounding: usually bit for bit, but a vector
 * lane sum compiled by the JIT may round differently from the same sum interpreted.
 */
public final class Trainer {
    /** The checkpoint's file name inside the checkpoint directory. */
    public static final String CHECKPOINT = "checkpoint.gguf";

    private final ModelConfig config;
    private final TrainingData data;
    private final TrainOptions options;
    private final Network network;
    /** What the weights started from: 0 for the seed's initialisation, else the starting weights' fingerprint. */
    private final long origin;
    private Parameters parameters, gradients;
    private AdamW adam;

    /** A trainer for a fresh model initialised from the options' seed. */
    public Trainer(ModelConfig config, boolean tiedOutput, TrainingData data, TrainOptions options) {
        this(Parameters.initial(config, tiedOutput, options.seed()), 0, data, options);
    }

    /**
     * A trainer whose model starts from trained weights (a curriculum's next stage, on new data),
     * with AdamW's moments, the step count and the schedule starting afresh.
     */
    public Trainer(Parameters start, TrainingData data, TrainOptions options) {
        this(start.copy(), start.fingerprint(), data, options);
    }

    private Trainer(Parameters initial, long origin, TrainingData data, TrainOptions options) {
        this.config = initial.config();
        this.data = data;
        this.options = options;
        this.network = new Network(config);
        this.origin = origin;
        this.parameters = initial;
        this.gradients = parameters.zerosLike();
        this.adam = new AdamW(parameters, options.beta1(), options.beta2(), options.adamEps(), options.weightDecay());
    }

    /** The state now: export it, or save it. */
    public Checkpoint checkpoint() {
        return new Checkpoint(parameters, adam.firstMoment(), adam.secondMoment(), adam.steps(), options.seed(), origin);
    }

    /** Steps taken so far. */
    public long step() { return adam.steps(); }

    /**
     * Trains until step {@code until}, first resuming from checkpointDir's checkpoint if there is
     * one; saves a checkpoint there every {@code checkpointEvery} steps and at the end (no
     * checkpoints when checkpointDir is null), handing each saved checkpoint to onCheckpoint when
     * not null. Prints progress lines to progress when not null.
     *
     * @return the loss of every step this call ran
     */
    public double[] run(long until, Path checkpointDir, PrintStream progress) { return run(until, checkpointDir, progress, null); }

    public double[] run(long until, Path checkpointDir, PrintStream progress, Consumer<Checkpoint> onCheckpoint) {
        Path file = checkpointDir == null ? null : checkpointDir.resolve(CHECKPOINT);
        if (file != null && Files.exists(file)) resume(Checkpoint.load(file));
        if (progress != null)
            progress.printf(Locale.ROOT, "training %,d parameters from step %d to %d, batch %d%n", parameters.count(), step(), until, options.batch());
        double[] losses = new double[(int) Math.max(0, until - step())];
        long start = System.nanoTime(), tokens = 0, first = step();
        double sinceLog = 0;
        while (step() < until) {
            long s = step();
            SplittableRandom rng = random(s), masking = rng.split();
            Batch batch = MaskedDiffusion.mask(data.batch(options.batch(), rng), config.maskId(), options.padId(), options.timeEps(), masking);
            double loss = network.lossAndGradients(parameters, batch, gradients);
            double norm = gradients.norm();
            adam.update(parameters, gradients, options.learningRate(s), clipScale(norm, options.clip()));
            losses[(int) (s - first)] = loss;
            tokens += batch.positions();
            sinceLog += loss;
            long done = step();
            if (file != null && ((options.checkpointEvery() > 0 && done % options.checkpointEvery() == 0) || done == until)) {
                try {
                    Files.createDirectories(checkpointDir);
                } catch (java.io.IOException e) {
                    throw new IllegalArgumentException(checkpointDir + ": cannot create the checkpoint directory: " + e.getMessage(), e);
                }
                Checkpoint c = checkpoint();
                c.save(file);
                if (onCheckpoint != null) onCheckpoint.accept(c);
            }
            if (progress != null && (done % options.logEvery() == 0 || done == until)) {
                int n = (int) Math.min(options.logEvery(), done - first);
                double seconds = (System.nanoTime() - start) / 1e9, perSecond = tokens / seconds;
                double eta = seconds / (done - first) * (until - done);
                progress.printf(Locale.ROOT, "step %d/%d  loss %.4f  lr %.2e  |g| %.3f  %,.0f tok/s  ETA %s%n",
                        done, until, sinceLog / n, options.learningRate(s), norm, perSecond, duration(eta));
                sinceLog = 0;
            }
        }
        return losses;
    }

    private void resume(Checkpoint c) {
        if (!c.config().equals(config) || c.parameters().tiedOutput() != parameters.tiedOutput())
            throw new IllegalArgumentException("checkpoint is of another model: " + c.config() + (c.parameters().tiedOutput() ? " (tied head)" : ""));
        if (c.seed() != options.seed())
            throw new IllegalArgumentException("checkpoint was trained with seed " + c.seed() + ", these options have " + options.seed());
        if (c.origin() != origin)
            throw new IllegalArgumentException("checkpoint continues a run that started from " + describe(c.origin()) + ", this one starts from "
                    + describe(origin) + ": give this run its own checkpoint folder");
        parameters = c.parameters();
        gradients = parameters.zerosLike();
        adam = new AdamW(options.beta1(), options.beta2(), options.adamEps(), options.weightDecay(), c.firstMoment(), c.secondMoment(), c.step());
    }

    private static String describe(long origin) {
        return origin == 0 ? "a fresh initialisation" : String.format(Locale.ROOT, "trained weights (fingerprint %016x)", origin);
    }

    /** Step s's generator: its seed is mixed from (seed, s), so no two steps' streams overlap or shift. */
    private SplittableRandom random(long s) {
        return new SplittableRandom(new SplittableRandom(options.seed() ^ (s * 0x632BE59BD9B4E019L)).nextLong());
    }

    /** The factor that clips gradients of the given norm to at most max (0: never clip). */
    static float clipScale(double norm, double max) { return max > 0 && norm > max ? (float) (max / norm) : 1; }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
