package dev.dilate.train;

import dev.dilate.model.ModelConfig;

/**
 * A step's scratch for one batch shape, reused from step to step: the residual stream's gradient,
 * the gradients inside a block (every block overwrites them before reading them, so one set
 * serves all layers) and the head's input. Allocating them per block cost the JVM zeroing about
 * 30 MB per layer at the reference shape, and any array of 1 MB or more is allocated by G1 outside
 * the young generation, at several milliseconds each.
 */
final class Workspace {
    final float[] dx, dAct, dGate, dUp, dh, dAtt, dq, dk, dv;
    /** The head's normed input at its rows (packed). */
    final float[] headIn;
    /**
     * Packed rows of the last block: its input rows in the forward (for the residual); in the
     * backward, gradients at the head's rows before they are scattered to all T rows.
     */
    final float[] packed;

    Workspace(ModelConfig c, int rows) {
        int f = c.ffn();
        dAct = new float[rows * f]; dGate = new float[rows * f]; dUp = new float[rows * f];
        dx = new float[rows * c.dim()]; dh = new float[rows * c.dim()]; headIn = new float[rows * c.dim()];
        dAtt = new float[rows * c.qDim()]; dq = new float[rows * c.qDim()];
        dk = new float[rows * c.kvDim()]; dv = new float[rows * c.kvDim()];
        packed = new float[rows * Math.max(c.dim(), c.qDim())];
    }
}
