package dev.dilate.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Element-wise activations, vectorized and split across the pool (rows x ffn of them per layer). */
public final class Activations {
    private Activations() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** SwiGLU's gate: a = silu(g) u = g / (1 + e^-g) u; a may be g or u itself. */
    public static void swiglu(float[] g, float[] u, float[] a, int n) {
        Parallel.forRange(n, 4096, (from, to) -> {
            int i = from;
            for (int upper = from + S.loopBound(to - from); i < upper; i += S.length()) {
                FloatVector vg = FloatVector.fromArray(S, g, i);
                FloatVector e = vg.neg().lanewise(VectorOperators.EXP).add(1f);
                vg.div(e).mul(FloatVector.fromArray(S, u, i)).intoArray(a, i);
            }
            for (; i < to; i++) a[i] = g[i] / (1 + (float) Math.exp(-g[i])) * u[i];
        });
    }
}
