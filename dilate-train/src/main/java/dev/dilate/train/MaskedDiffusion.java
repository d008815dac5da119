package dev.dilate.train;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The masked-diffusion objective of LLaDA's supervised fine-tuning. Each sequence is its prompt
 * and its answer (which the data pad with EOS to a fixed canvas, so the model learns where answers
 * end), then padding up to the longest sequence of the batch that attention never reads: a
 * sequence trains exactly as it would alone, with the canvas inference gives it. (Scored padding
 * gave a short prompt's answer a longer canvas in training than at inference; a model trained so
 * answered three-operand sums only when decoded on the longer canvas.) The prompt is never
 * masked. A time t is drawn uniformly in (eps, 1] per sequence and every answer token is masked
 * with probability t. The loss is the sum over masked positions of cross-entropy / t, each
 * sequence's divided by its answer length (prompt excluded), averaged over the batch: an upper
 * bound on the answer's negative log-likelihood, whose 1/t weight makes lightly masked sequences
 * count as much.
 */
public final class MaskedDiffusion {
    private MaskedDiffusion() {}

    /** Masks a batch of examples. */
    public static Batch mask(List<TrainingData.Example> examples, int maskId, int padId, double eps, SplittableRandom rng) {
        if (!(eps > 0 && eps < 1)) throw new IllegalArgumentException("time floor eps must be in (0, 1), got " + eps);
        int B = examples.size(), L = examples.stream().mapToInt(TrainingData.Example::length).max().orElse(0);
        int[] tokens = new int[B * L], rows = new int[B * L], targets = new int[B * L], lengths = new int[B];
        float[] weights = new float[B * L];
        int n = 0;
        for (int b = 0; b < B; b++) {
            TrainingData.Example e = examples.get(b);
            int start = b * L, answerStart = start + e.prompt().length, answerLength = e.answer().length;
            lengths[b] = e.length();
            Arrays.fill(tokens, start, start + L, padId);
            System.arraycopy(e.prompt(), 0, tokens, start, e.prompt().length);
            System.arraycopy(e.answer(), 0, tokens, answerStart, e.answer().length);
            double t = 1 - (1 - eps) * rng.nextDouble();
            float weight = (float) (1 / (t * answerLength * B));
            for (int r = answerStart; r < answerStart + answerLength; r++)
                if (rng.nextDouble() < t) {
                    rows[n] = r;
                    targets[n] = tokens[r];
                    weights[n++] = weight;
                    tokens[r] = maskId;
                }
        }
        return new Batch(B, L, lengths, tokens, Arrays.copyOf(rows, n), Arrays.copyOf(targets, n), Arrays.copyOf(weights, n));
    }
}
