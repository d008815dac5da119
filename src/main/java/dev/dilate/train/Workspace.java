package dev.dilate.train;

import dev.dilate.model.ModelConfig;

/**
 * The gradients the backward pass computes inside a block, for one batch shape: every block
 * overwrites them before reading them, so one set serves all layers and is reused from step to
 * step. (Allocating them per block cost the JVM zeroing about 30 MB per layer at the reference shape.)
 */
final class Workspace {
    final float[] dAct, dGate, dUp, dh, dAtt, dq, dk, dv;
    /**
     * Packed rows of the last block: its input rows in the forward (for the residual); in the
     * backward, gradients at the head's rows before they are scattered to all T rows.
     */
    final float[] packed;

    Workspace(ModelConfig c, int rows) {
        int f = c.ffn();
        dAct = new float[rows * f]; dGate = new float[rows * f]; dUp = new float[rows * f];
        dh = new float[rows * c.dim()];
        dAtt = new float[rows * c.qDim()]; dq = new float[rows * c.qDim()];
        dk = new float[rows * c.kvDim()]; dv = new float[rows * c.kvDim()];
        packed = new float[rows * Math.max(c.dim(), c.qDim())];
    }
}
