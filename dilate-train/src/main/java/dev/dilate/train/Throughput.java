package dev.dilate.train;

import dev.dilate.model.Architecture;
import dev.dilate.model.ModelConfig;
import dev.dilate.tensor.Parallel;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Training throughput on random sequences: forward, backward and AdamW steps of a given shape,
 * timed after warm-up steps. Tokens are positions (B L per step), as PyTorch benchmarks count them.
 */
public final class Throughput {
    private Throughput() {}

    /** Tokens per second over {@code steps} timed steps after {@code warmup} untimed ones. */
    public static double measure(ModelConfig c, int batch, int length, int warmup, int steps) {
        Parameters p = Parameters.initial(c, false, 1), g = p.zerosLike();
        AdamW adam = new AdamW(p, 0.9f, 0.95f, 1e-8f, 0.1f);
        Network network = new Network(c);
        SplittableRandom rng = new SplittableRandom(1);
        TrainingData random = r -> {
            int[] answer = new int[length - 8], prompt = new int[8];
            for (int i = 0; i < prompt.length; i++) prompt[i] = r.nextInt(c.vocab());
            for (int i = 0; i < answer.length; i++) answer[i] = r.nextInt(c.vocab());
            return new TrainingData.Example(prompt, answer);
        };
        long start = 0;
        for (int s = 0; s < warmup + steps; s++) {
            if (s == warmup) start = System.nanoTime();
            Batch b = MaskedDiffusion.mask(random.batch(batch, rng), c.maskId(), 0, 1e-3, rng);
            network.lossAndGradients(p, b, g);
            adam.update(p, g, 1e-4, Trainer.clipScale(g.norm(), 1));
        }
        return (double) batch * length * steps / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * Untimed steps before the timed ones. The first 2-3 seconds run the vector kernels before C2
     * has compiled them (interpreted vector code allocates every vector: about 750 MB a step);
     * timing from the third step counted 5-10% of that warm-up. PyTorch's script warms up as long.
     */
    private static final int WARMUP = 6;

    /** The reference shape: d 256, 6 layers, 8 heads, SwiGLU 704, vocabulary 23, batch 32 x 64 tokens. */
    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        ModelConfig c = new ModelConfig(Architecture.LLADA.ggufName, 256, 6, 8, 8, 32, 704, 23, 1e-5f, 10000f, false, 22, false, 64);
        double tps = measure(c, 32, 64, WARMUP, steps);
        System.out.printf(Locale.ROOT, "d=256 layers=6 heads=8 ffn=704 vocab=23 batch=32x64, %d threads: %,.0f tokens/s%n", Parallel.THREADS, tps);
    }
}
