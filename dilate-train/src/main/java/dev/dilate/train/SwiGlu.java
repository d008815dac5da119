package dev.dilate.train;

import dev.dilate.tensor.Activations;
import dev.dilate.tensor.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The feed-forward gate a = silu(g) u, silu(g) = g s with s = 1/(1 + e^-g), and its backward:
 * du = da silu(g), dg = da u s (1 + g (1 - s)). Vectorized: rows x ffn exponentials per layer.
 */
final class SwiGlu {
    private SwiGlu() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** a = g / (1 + e^-g) u, as inference computes it. */
    static void forward(float[] g, float[] u, float[] a, int n) { Activations.swiglu(g, u, a, n); }

    /** dg and du from da, given the saved g and u. */
    static void backward(float[] g, float[] u, float[] da, float[] dg, float[] du, int n) {
        Parallel.forRange(n, 4096, (from, to) -> {
            int i = from;
            for (int upper = from + S.loopBound(to - from); i < upper; i += S.length()) {
                FloatVector vg = FloatVector.fromArray(S, g, i), vda = FloatVector.fromArray(S, da, i);
                FloatVector s = FloatVector.broadcast(S, 1f).div(vg.neg().lanewise(VectorOperators.EXP).add(1f));
                vda.mul(vg).mul(s).intoArray(du, i);
                FloatVector slope = s.neg().add(1f).mul(vg).add(1f).mul(s);
                vda.mul(FloatVector.fromArray(S, u, i)).mul(slope).intoArray(dg, i);
            }
            for (; i < to; i++) {
                float s = 1 / (1 + (float) Math.exp(-g[i]));
                du[i] = da[i] * g[i] * s;
                dg[i] = da[i] * u[i] * s * (1 + g[i] * (1 - s));
            }
        });
    }
}
