package org.medrobust.models.scan;

/**
 * A transient single-bit fault inside one selective scan (a soft error in the scan core's registers, as in the
 * neuron-level fault model of PyTorchFI, Mahmoud et al. 2020, moved into the recurrence): in every batch row of
 * {@code channel}, at step {@code step}, bit {@code bit} of one float32 value is inverted once, and the scan goes on
 * from the faulty value.
 *
 * <ul>
 *   <li>{@link Target#STATE}: the hidden state {@code h[b, channel, state, step]} right after step {@code step}
 *       updated it ({@code h_t = exp(dt_t A) h_(t-1) + dt_t B_t u_t}); the readout {@code y_t = C_t . h_t} and every
 *       later step see the flipped value.</li>
 *   <li>{@link Target#OUTPUT}: the readout {@code y[b, channel, step] = C_t . h_t} before the skip term
 *       {@code D u} and the gate {@code silu(z)}; the state is untouched, so only that one output changes.</li>
 * </ul>
 *
 * @param state index into the state dimension (ignored for {@link Target#OUTPUT})
 */
public record ScanFault(Target target, int channel, int state, int step, int bit) {

    /** Which value the flip hits. */
    public enum Target {
        STATE, OUTPUT
    }

    /** What one batch row's flip changed (raw float32 values before and after). */
    public record Hit(int batch, float before, float after) {
    }

    public ScanFault {
        java.util.Objects.requireNonNull(target, "target");
        if (channel < 0 || state < 0 || step < 0 || bit < 0 || bit > 31) {
            throw new IllegalArgumentException("a scan fault needs channel, state, step >= 0 and a bit in 0-31: "
                    + target + " channel " + channel + " state " + state + " step " + step + " bit " + bit);
        }
    }

    /** Refuses a site outside this scan's shape, naming it. */
    public void check(ScanShape shape) {
        if (channel >= shape.dim() || step >= shape.length() || (target == Target.STATE && state >= shape.dstate())) {
            throw new IllegalArgumentException("scan fault " + this + " is outside the scan " + shape);
        }
    }

    /** {@code value} with this fault's bit inverted (raw bits: NaN payloads and -0 stay exact). */
    public float flip(float value) {
        return Float.intBitsToFloat(Float.floatToRawIntBits(value) ^ (1 << bit));
    }
}
