package org.medrobust.models.scan;

import java.nio.FloatBuffer;

/**
 * Result of a forward scan.
 *
 * @param out       (batch, dim, length): y + D*u, times silu(z) when z is given
 * @param lastState (batch, dim, dstate), h_L, or null when not asked for
 */
public record ScanOutputs(FloatBuffer out, FloatBuffer lastState) {

    public float[] outArray() {
        return Floats.toArray(out);
    }

    public float[] lastStateArray() {
        return lastState == null ? null : Floats.toArray(lastState);
    }
}
