package org.medrobust.models.scan;

import java.nio.FloatBuffer;

/**
 * A selective-scan backend with the semantics of mamba_ssm's selective_scan_fn (see docs/selective-scan.md):
 * <pre>
 *   dt = delta + delta_bias;  dt = softplus(dt) if deltaSoftplus
 *   h_t = exp(dt_t * A) * h_{t-1} + dt_t * B_t * u_t      (h_0 = 0, per (batch, channel), dstate wide)
 *   y_t = C_t . h_t;  out = y + D*u;  out = out * silu(z) if z is given
 * </pre>
 * Implementations are thread-safe.
 */
public interface SelectiveScan {

    /** Short name: reference, cpu, cuda, djl. */
    String name();

    /** Whether this backend can run here; the reason says why not (or what it runs on). */
    Availability availability();

    /**
     * Forward scan into caller-provided buffers, every element of which is overwritten.
     *
     * @param out       (batch, dim, length)
     * @param lastState (batch, dim, dstate), or null if not wanted
     */
    void forward(ScanInputs in, FloatBuffer out, FloatBuffer lastState);

    /**
     * Gradients of loss = sum(out * dout) with respect to every input.
     *
     * @param dout  (batch, dim, length)
     * @param grads overwritten (see {@link ScanGradients#allocate})
     */
    void backward(ScanInputs in, FloatBuffer dout, ScanGradients grads);

    default ScanOutputs forward(ScanInputs in, boolean returnLastState) {
        FloatBuffer out = FloatBuffer.allocate(in.shape().sequenceSize());
        FloatBuffer last = returnLastState ? FloatBuffer.allocate(in.shape().stateSize()) : null;
        forward(in, out, last);
        return new ScanOutputs(out, last);
    }

    default ScanGradients backward(ScanInputs in, FloatBuffer dout) {
        ScanGradients g = ScanGradients.allocate(in);
        backward(in, dout, g);
        return g;
    }

    /** Checks sizes of forward outputs. */
    static void checkForward(ScanInputs in, FloatBuffer out, FloatBuffer lastState) {
        if (out == null || out.remaining() != in.shape().sequenceSize()) {
            throw new IllegalArgumentException("out must have " + in.shape().sequenceSize() + " elements");
        }
        if (lastState != null && lastState.remaining() != in.shape().stateSize()) {
            throw new IllegalArgumentException("lastState must have " + in.shape().stateSize() + " elements");
        }
    }
}
