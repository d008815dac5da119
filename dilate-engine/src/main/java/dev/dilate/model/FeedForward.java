package dev.dilate.model;

import dev.dilate.tensor.Activations;
import dev.dilate.tensor.Matrix;

/** The SwiGLU feed-forward, y = W_down (silu(W_gate x) * W_up x), one home for the dense layers, each expert and the shared expert. */
final class FeedForward {
    private FeedForward() {}

    /** How the transformer runs (and times) one projection: out = in W^T over {@code tokens} rows. */
    interface Projection {
        void apply(Matrix w, float[] in, int tokens, float[] out);
    }

    /** y (rows x dim) = the SwiGLU of x (rows x dim); g and u hold rows x the hidden width and are overwritten. */
    static void swiglu(Projection project, Matrix gate, Matrix up, Matrix down, float[] x, int rows, float[] g, float[] u, float[] y) {
        project.apply(gate, x, rows, g);
        project.apply(up, x, rows, u);
        Activations.swiglu(g, u, g, rows * gate.rows());
        project.apply(down, g, rows, y);
    }
}
