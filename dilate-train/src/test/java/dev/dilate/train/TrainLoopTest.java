package dev.dilate.train;

import dev.dilate.model.ModelConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The training loop end to end: it learns an easy job, and a killed and resumed run repeats an uninterrupted one. */
class TrainLoopTest {

    @Test
    void learnsToCopyDigits() {
        ModelConfig c = Copying.model(32, 2, 2, 2, 64);
        TrainOptions o = TrainOptions.defaults(200, 16, Copying.EOS, 1).withLearningRate(3e-3, 3e-4).withBookkeeping(0, 50);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        double[] losses = new Trainer(c, false, new Copying(4), o).run(200, null, new PrintStream(log, true));
        double first = mean(losses, 0, 10), last = mean(losses, 190, 200);
        System.out.print(log);
        assertTrue(last < first / 4, "loss went from " + first + " to " + last + " only\n" + log);
        assertTrue(log.toString().contains("step 200/200"), log.toString());
    }

    @Test
    void aResumedRunRepeatsTheUninterruptedOne(@TempDir Path dir) {
        ModelConfig c = Copying.model(16, 2, 2, 1, 24);
        TrainOptions o = TrainOptions.defaults(12, 4, Copying.EOS, 7).withBookkeeping(3, 100);
        double[] whole = new Trainer(c, true, new Copying(3), o).run(12, dir.resolve("whole"), null);
        Path parts = dir.resolve("parts");
        double[] before = new Trainer(c, true, new Copying(3), o).run(5, parts, null);
        double[] after = new Trainer(c, true, new Copying(3), o).run(12, parts, null);
        assertTrue(Files.exists(parts.resolve(Trainer.CHECKPOINT)));
        double[] joined = new double[12];
        System.arraycopy(before, 0, joined, 0, 5);
        System.arraycopy(after, 0, joined, 5, 7);
        // Same data, masks and state, so the same curve; not always to the last bit, because the JIT may
        // compile a Vector API lane reduction or exp() between the runs, and compiled code sums lanes
        // in another order than the interpreter (differences near 1e-9 were seen).
        for (int i = 0; i < 12; i++)
            assertEquals(whole[i], joined[i], 1e-6 * Math.abs(whole[i]),
                    "step " + i + ": uninterrupted " + Arrays.toString(whole) + "\nresumed " + Arrays.toString(joined));
    }

    private static double mean(double[] x, int from, int to) {
        return Arrays.stream(x, from, to).average().orElseThrow();
    }
}
