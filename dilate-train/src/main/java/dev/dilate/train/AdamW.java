package dev.dilate.train;

import dev.dilate.tensor.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Adam with decoupled weight decay, as PyTorch's AdamW computes it: p *= 1 - lr wd (matrices
 * only, norm weights are not decayed), m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g^2,
 * p -= lr / (1 - b1^s) m / (sqrt(v) / sqrt(1 - b2^s) + eps) at step s = 1, 2, ...
 */
public final class AdamW {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private final float beta1, beta2, eps, weightDecay;
    private final Parameters m, v;
    private long steps;

    /** A fresh optimizer: zero moments, no step taken. */
    public AdamW(Parameters shape, float beta1, float beta2, float eps, float weightDecay) {
        this(beta1, beta2, eps, weightDecay, shape.zerosLike(), shape.zerosLike(), 0);
    }

    /** An optimizer resumed with its moments after {@code steps} updates. */
    AdamW(float beta1, float beta2, float eps, float weightDecay, Parameters m, Parameters v, long steps) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.m = m;
        this.v = v;
        this.steps = steps;
    }

    Parameters firstMoment() { return m; }
    Parameters secondMoment() { return v; }
    public long steps() { return steps; }

    /**
     * One update of p at learning rate lr with the gradients g times gradScale (gradient
     * clipping's factor, applied here rather than in a pass of its own over g).
     */
    public void update(Parameters p, Parameters g, double lr, float gradScale) {
        steps++;
        float stepSize = (float) (lr / (1 - Math.pow(beta1, steps)));
        float rootCorrection = (float) Math.sqrt(1 - Math.pow(beta2, steps));
        for (int i = 0; i < p.tensors().size(); i++) {
            Parameters.Tensor t = p.tensors().get(i);
            float decay = t.norm() ? 1 : (float) (1 - lr * weightDecay);
            update(t.data(), g.tensors().get(i).data(), gradScale, m.tensors().get(i).data(), v.tensors().get(i).data(), decay, stepSize, rootCorrection);
        }
    }

    /** Vectorized over each tensor, in chunks per worker (about 8 memory streams per value: bandwidth-bound). */
    private void update(float[] p, float[] g, float gradScale, float[] m, float[] v, float decay, float stepSize, float rootCorrection) {
        Parallel.forRange(p.length, 16384, (from, to) -> {
            int i = from;
            for (int upper = from + S.loopBound(to - from); i < upper; i += S.length()) {
                FloatVector vg = FloatVector.fromArray(S, g, i).mul(gradScale);
                FloatVector vm = FloatVector.fromArray(S, m, i).mul(beta1).add(vg.mul(1 - beta1));
                FloatVector vv = FloatVector.fromArray(S, v, i).mul(beta2).add(vg.mul(vg).mul(1 - beta2));
                vm.intoArray(m, i);
                vv.intoArray(v, i);
                FloatVector denom = vv.sqrt().div(rootCorrection).add(eps);
                FloatVector.fromArray(S, p, i).mul(decay).sub(vm.div(denom).mul(stepSize)).intoArray(p, i);
            }
            for (; i < to; i++) {
                float gi = g[i] * gradScale;
                m[i] = m[i] * beta1 + gi * (1 - beta1);
                v[i] = v[i] * beta2 + gi * gi * (1 - beta2);
                p[i] = p[i] * decay - m[i] / ((float) Math.sqrt(v[i]) / rootCorrection + eps) * stepSize;
            }
        });
    }
}
