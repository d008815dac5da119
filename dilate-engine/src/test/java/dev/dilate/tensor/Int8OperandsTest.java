package dev.dilate.tensor;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * int8's operands without the library: products formed here from the bytes and scales that
 * {@link Int8Operands#quantize} writes, so that the rotation is checked on every machine, not
 * only where oneDNN is installed.
 */
class Int8OperandsTest {

    /**
     * Activations whose channels are standard normal but for 8 of them, the same in every token,
     * at 40x: real models' outlier channels. Unrotated, one scale per token spends its steps on
     * them and the products are 5.7% off (measured by leaving the rotation out); rotated, within
     * 2% (measured 1.0%).
     */
    @Test
    void rotatedOperandsHoldActivationsWithOutlierChannels() {
        SplittableRandom rng = new SplittableRandom(29);
        int k = 2048, rows = 16, tokens = 16;
        float[] w = new float[rows * k], x = withOutlierChannels(rng, tokens, k);
        for (int i = 0; i < w.length; i++) w[i] = (float) (2 * rng.nextDouble() - 1);
        MemorySegment qw = Arena.ofAuto().allocate((long) rows * k), qx = Arena.ofAuto().allocate((long) tokens * k);
        float[] dw = new float[rows], dx = new float[tokens];
        for (int o = 0; o < rows; o++) dw[o] = Int8Operands.quantize(w, o * k, qw, (long) o * k, k);
        for (int t = 0; t < tokens; t++) dx[t] = Int8Operands.quantize(x, t * k, qx, (long) t * k, k);
        double error = 0, norm = 0;
        for (int o = 0; o < rows; o++)
            for (int t = 0; t < tokens; t++) {
                long sum = 0;
                double want = 0;
                for (int i = 0; i < k; i++) {
                    sum += qw.get(ValueLayout.JAVA_BYTE, (long) o * k + i) * qx.get(ValueLayout.JAVA_BYTE, (long) t * k + i);
                    want += (double) w[o * k + i] * x[t * k + i];
                }
                double got = (double) dw[o] * dx[t] * sum;
                error += (got - want) * (got - want);
                norm += want * want;
            }
        double relative = Math.sqrt(error / norm);
        assertTrue(relative < 0.02 && relative > 1e-4, "int8 with outlier channels: relative error " + relative);
    }

    /** tokens x k standard normal activations, with 8 distinct channels 40x larger in every token. */
    static float[] withOutlierChannels(SplittableRandom rng, int tokens, int k) {
        float[] x = new float[tokens * k];
        for (int i = 0; i < x.length; i++)
            x[i] = (float) (Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble()));
        int[] outliers = rng.ints(0, k).distinct().limit(8).toArray();
        for (int t = 0; t < tokens; t++) for (int c : outliers) x[t * k + c] *= 40;
        return x;
    }
}
