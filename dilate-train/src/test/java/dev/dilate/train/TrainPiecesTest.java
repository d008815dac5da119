package dev.dilate.train;

import dev.dilate.format.GGUFFile;
import dev.dilate.model.GGUFModels;
import dev.dilate.model.ModelConfig;
import dev.dilate.model.Transformer;
import dev.dilate.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The objective, the optimizer and the export, each against a direct computation. */
class TrainPiecesTest {

    @Test
    void maskedLossIsTheWeightedCrossEntropyOfTheMaskedAnswerTokens() {
        ModelConfig c = TrainGradientTest.tiny(2);
        Parameters p = TrainGradientTest.spread(c, false, 2);
        int M = c.maskId();
        // Two sequences of 5: prompt [1 2], answer [3 4 5] with 4 and 5 masked at t = 0.5;
        // prompt [6], answer [7 8 9 0] with 7 masked at t = 0.25.
        int[] tokens = {1, 2, 3, M, M, 6, M, 8, 9, 0};
        int[] rows = {3, 4, 6}, targets = {4, 5, 7};
        float[] weights = {(float) (1 / (0.5 * 3 * 2)), (float) (1 / (0.5 * 3 * 2)), (float) (1 / (0.25 * 4 * 2))};
        double loss = new Network(c).lossAndGradients(p, new Batch(2, 5, new int[] {5, 5}, tokens, rows, targets, weights), p.zerosLike());
        float[][] logits = new Network(c).logits(p, tokens, 2, 5, rows);
        assertThrows(IllegalArgumentException.class, () -> new Network(c).logits(p, tokens, 2, 5, new int[] {4, 3}), "rows must ascend");
        double want = 0;
        for (int m = 0; m < 3; m++) {
            double sum = 0;
            for (float l : logits[m]) sum += Math.exp(l);
            want += weights[m] * (Math.log(sum) - logits[m][targets[m]]);
        }
        assertEquals(want, loss, 1e-6 * want);
    }

    @Test
    void heldOutLossIsTheTrainingLossWithoutGradients() {
        ModelConfig c = TrainGradientTest.tiny(2);
        Parameters p = TrainGradientTest.spread(c, false, 3);
        TrainingData data = rng -> new TrainingData.Example(new int[] {1, 2}, new int[] {3 + rng.nextInt(4), 4, 5, 6 + rng.nextInt(3)});
        TrainOptions options = TrainOptions.defaults(10, 4, 0, 1);
        HeldOut heldOut = new HeldOut(data, 3, 4, c.maskId(), options, 99);
        // The same three batches, drawn and masked from the same seed, through the training loss.
        java.util.SplittableRandom rng = new java.util.SplittableRandom(99);
        double want = 0;
        for (int i = 0; i < 3; i++)
            want += new Network(c).lossAndGradients(p, MaskedDiffusion.mask(data.batch(4, rng), c.maskId(), 0, options.timeEps(), rng), p.zerosLike());
        assertEquals(want / 3, heldOut.loss(p), 1e-6 * want);
        assertEquals(heldOut.loss(p), heldOut.loss(p), "the same batches every time");
    }

    @Test
    void maskingLeavesPromptsAloneAndWeighsByTimeAndAnswerLength() {
        List<TrainingData.Example> examples = List.of(
                new TrainingData.Example(new int[] {1, 2, 3}, new int[] {4, 5}),
                new TrainingData.Example(new int[] {6}, new int[] {7, 8, 9, 1, 2, 3}));
        SplittableRandom rng = new SplittableRandom(4);
        double total = 0;
        int batches = 4000;
        for (int i = 0; i < batches; i++) {
            Batch b = MaskedDiffusion.mask(examples, 10, 0, 1e-3, rng);
            assertEquals(7, b.length());
            assertArrayEquals(new int[] {5, 7}, b.lengths());
            for (int m = 0; m < b.rows().length; m++) {
                int seq = b.rows()[m] / 7, pos = b.rows()[m] % 7, promptLength = seq == 0 ? 3 : 1, answerLength = seq == 0 ? 2 : 6;
                assertTrue(pos >= promptLength, "prompt position masked");
                assertTrue(pos < promptLength + answerLength, "padding masked");
                double t = 1 / (b.weights()[m] * answerLength * 2);
                assertTrue(t > 1e-3 && t <= 1 + 1e-6, "t = " + t);
                total += b.weights()[m];
            }
            assertEquals(0, b.tokens()[5], "the first sequence is padded with the pad id");
            assertEquals(0, b.tokens()[6], "the first sequence is padded with the pad id");
        }
        // E[sum of weights] = 1: each answer token is masked with probability t and weighs 1/(t n B).
        assertEquals(1, total / batches, 0.05);
    }

    /**
     * A sequence shorter than its batch's longest gives the logits it gives alone, whatever its
     * padding holds: training sees each answer on the canvas inference gives it.
     */
    @Test
    void paddingIsInvisible() {
        ModelConfig c = TrainGradientTest.tiny(2);
        Parameters p = TrainGradientTest.spread(c, false, 3);
        int M = c.maskId(), L = 9;
        int[] alone = {1, 2, 3, M, 4, M};
        int[] rows = {3, 5};
        float[][] want = new Network(c).logits(p, alone, 1, alone.length, rows);
        for (int pad : new int[] {0, 7, M}) {
            int[] batch = new int[2 * L];
            for (int t = 0; t < L; t++) batch[t] = 1 + t % 5;
            java.util.Arrays.fill(batch, L, 2 * L, pad);
            System.arraycopy(alone, 0, batch, L, alone.length);
            float[][] got = new Network(c).logits(p, batch, 2, L, new int[] {L, alone.length}, new int[] {L + 3, L + 5});
            for (int r = 0; r < rows.length; r++) assertArrayEquals(want[r], got[r], 1e-5f, "pad " + pad + ", row " + rows[r]);
        }
        assertThrows(IllegalArgumentException.class, () -> new Network(c).logits(p, new int[2 * L], 2, L, new int[] {L, 6}, new int[] {L + 7}),
                "a row in the padding");
    }

    /** A network's buffers outlive its steps: a padded batch after a full one gets a fresh network's gradients. */
    @Test
    void paddedStepAfterAFullOneGetsFreshGradients() {
        ModelConfig c = TrainGradientTest.tiny(1);
        Parameters p = TrainGradientTest.spread(c, false, 4);
        int M = c.maskId();
        int[] tokens = {1, 2, M, 3, M, 4, 5, 6, M, M, 7, 8};
        Batch full = new Batch(2, 6, new int[] {6, 6}, tokens, new int[] {2, 4, 8, 9}, new int[] {1, 2, 3, 4}, new float[] {1, 1, 1, 1});
        Batch padded = new Batch(2, 6, new int[] {6, 4}, tokens, new int[] {2, 4, 8}, new int[] {1, 2, 3}, new float[] {1, 1, 1});
        Network reused = new Network(c);
        Parameters g = p.zerosLike(), fresh = p.zerosLike();
        reused.lossAndGradients(p, full, g);
        double loss = reused.lossAndGradients(p, padded, g);
        assertEquals(new Network(c).lossAndGradients(p, padded, fresh), loss);
        for (int t = 0; t < g.tensors().size(); t++)
            assertArrayEquals(fresh.tensors().get(t).data(), g.tensors().get(t).data(), g.tensors().get(t).name());
    }

    @Test
    void adamWTakesOneStepByTheFormula() {
        ModelConfig c = TrainGradientTest.tiny(2);
        Parameters p = TrainGradientTest.spread(c, false, 1), g = TrainGradientTest.spread(c, false, 2), before = p.copy();
        float b1 = 0.9f, b2 = 0.95f, eps = 1e-8f, wd = 0.1f;
        double lr = 0.01;
        new AdamW(p, b1, b2, eps, wd).update(p, g, lr, 1);
        for (int ti = 0; ti < p.tensors().size(); ti++) {
            Parameters.Tensor t = p.tensors().get(ti);
            for (int i = 0; i < t.data().length; i++) {
                double x = before.tensors().get(ti).data()[i], grad = g.tensors().get(ti).data()[i];
                double m = (1 - b1) * grad, v = (1 - b2) * grad * grad;
                double want = x * (t.norm() ? 1 : 1 - lr * wd) - lr / (1 - b1) * m / (Math.sqrt(v) / Math.sqrt(1 - b2) + eps);
                assertEquals(want, t.data()[i], 1e-6, t.name() + "[" + i + "]");
            }
        }
    }

    @Test
    void clippingScalesTheGradientsByTheirGlobalNorm() {
        Parameters g = TrainGradientTest.spread(TrainGradientTest.tiny(2), false, 2);
        double sum = 0;
        for (Parameters.Tensor t : g.tensors()) for (float x : t.data()) sum += (double) x * x;
        assertEquals(Math.sqrt(sum), g.norm(), 1e-6 * Math.sqrt(sum));
        assertEquals(1f, Trainer.clipScale(0.5, 1), "a norm under the limit is kept");
        assertEquals(1f, Trainer.clipScale(5, 0), "a limit of 0 never clips");
        assertEquals(0.25f, Trainer.clipScale(4, 1));
        Parameters huge = g.copy();
        huge.tensors().get(1).data()[3] = 1e20f;   // its square overflows float
        double hugeSum = 0;
        for (Parameters.Tensor t : huge.tensors()) for (float x : t.data()) hugeSum += (double) x * x;
        assertEquals(Math.sqrt(hugeSum), huge.norm(), 1e-6 * Math.sqrt(hugeSum), "squares past float's range are summed in double");
        AdamW adam = new AdamW(g, 0.9f, 0.95f, 1e-8f, 0.1f);
        adam.update(g.copy(), g, 0.01, 0.25f);
        for (int ti = 0; ti < g.tensors().size(); ti++) {
            float[] grad = g.tensors().get(ti).data(), m = adam.firstMoment().tensors().get(ti).data();
            for (int i = 0; i < grad.length; i++) assertEquals((1 - 0.9) * 0.25 * grad[i], m[i], 1e-7, "the first moment sees the clipped gradient");
        }
    }

    @Test
    void exportedModelGivesTheTrainersLogits(@TempDir Path dir) {
        for (boolean tied : new boolean[] {false, true}) {
            ModelConfig c = new ModelConfig("llada", 32, 2, 4, 2, 8, 48, 260, 1e-5f, 10000f, false, 258, false, 4096);
            Tokenizer tokenizer = Tokenizer.bytes(260, "<|startoftext|>", "<|endoftext|>", "<|mdm_mask|>");
            Trainer trainer = new Trainer(c, tied, new Copying(3), TrainOptions.defaults(3, 2, 257, 9));
            trainer.run(3, null, null);
            Path file = dir.resolve("model-" + tied + ".gguf");
            trainer.checkpoint().export(file, tokenizer);
            int[] canvas = {256, 72, 105, 258, 258, 33, 258, 257, 257, 12, 250, 258};
            int[] rows = new int[canvas.length];
            for (int r = 0; r < rows.length; r++) rows[r] = r;
            float[][] want = new Network(c).logits(trainer.checkpoint().parameters(), canvas, 1, canvas.length, rows);
            try (GGUFFile f = GGUFFile.open(file)) {
                Transformer model = GGUFModels.load(f);
                assertEquals(c, model.config());
                assertEquals(tokenizer.size(), model.vocabulary().size());
                float[][] got = model.logits(canvas, rows);
                for (int r = 0; r < rows.length; r++)
                    for (int v = 0; v < c.vocab(); v++)
                        assertEquals(want[r][v], got[r][v], 1e-5f * (1 + Math.abs(want[r][v])), "tied=" + tied + " row " + r + " token " + v);
            }
        }
    }

    @Test
    void checkpointRoundTripsEveryTensor(@TempDir Path dir) {
        ModelConfig c = TrainGradientTest.tiny(1);
        Trainer trainer = new Trainer(c, false, new Copying(2), TrainOptions.defaults(2, 2, 9, 3));
        trainer.run(2, null, null);
        Checkpoint saved = trainer.checkpoint();
        saved.save(dir.resolve("c.gguf"));
        Checkpoint read = Checkpoint.load(dir.resolve("c.gguf"));
        assertEquals(saved.step(), read.step());
        assertEquals(saved.seed(), read.seed());
        assertEquals(c, read.config());
        List<Parameters[]> pairs = new ArrayList<>(List.of(new Parameters[] {saved.parameters(), read.parameters()},
                new Parameters[] {saved.firstMoment(), read.firstMoment()}, new Parameters[] {saved.secondMoment(), read.secondMoment()}));
        for (Parameters[] pair : pairs)
            for (int i = 0; i < pair[0].tensors().size(); i++)
                org.junit.jupiter.api.Assertions.assertArrayEquals(pair[0].tensors().get(i).data(), pair[1].tensors().get(i).data());
    }
}
