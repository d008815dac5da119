package dev.dilate.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** The softmax of a row of scores, shared by inference's attention and the trainer's. */
public final class Softmax {
    private Softmax() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** x[o..o+n) = softmax(x[o..o+n)), with the maximum subtracted for range. */
    public static void inPlace(float[] x, int o, int n) {
        int upper = S.loopBound(n), i = 0;
        FloatVector vmax = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (; i < upper; i += S.length()) vmax = vmax.max(FloatVector.fromArray(S, x, o + i));
        float max = vmax.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) max = Math.max(max, x[o + i]);
        FloatVector vsum = FloatVector.zero(S);
        for (i = 0; i < upper; i += S.length()) {
            FloatVector e = FloatVector.fromArray(S, x, o + i).sub(max).lanewise(VectorOperators.EXP);
            e.intoArray(x, o + i);
            vsum = vsum.add(e);
        }
        float sum = vsum.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) sum += x[o + i] = (float) Math.exp(x[o + i] - max);
        float inv = 1 / sum;
        for (i = 0; i < upper; i += S.length()) FloatVector.fromArray(S, x, o + i).mul(inv).intoArray(x, o + i);
        for (; i < n; i++) x[o + i] *= inv;
    }
}
