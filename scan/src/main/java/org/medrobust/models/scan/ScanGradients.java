package org.medrobust.models.scan;

import java.nio.FloatBuffer;

/**
 * Gradients of a scalar loss with respect to every input of a scan, same layouts as {@link ScanInputs}. dD, dz and
 * dDeltaBias are null when the input was absent. Backends overwrite every element (they never accumulate into these).
 */
public record ScanGradients(FloatBuffer du, FloatBuffer ddelta, FloatBuffer dA, FloatBuffer dB, FloatBuffer dC,
                            FloatBuffer dD, FloatBuffer dz, FloatBuffer dDeltaBias) {

    public ScanGradients {
        du = slice(du);
        ddelta = slice(ddelta);
        dA = slice(dA);
        dB = slice(dB);
        dC = slice(dC);
        dD = slice(dD);
        dz = slice(dz);
        dDeltaBias = slice(dDeltaBias);
    }

    private static FloatBuffer slice(FloatBuffer b) {
        return b == null ? null : b.slice();
    }

    /** Heap buffers sized for these inputs. */
    public static ScanGradients allocate(ScanInputs in) {
        ScanShape s = in.shape();
        return new ScanGradients(FloatBuffer.allocate(s.sequenceSize()), FloatBuffer.allocate(s.sequenceSize()),
                FloatBuffer.allocate(s.aSize()), FloatBuffer.allocate(s.bcSize()), FloatBuffer.allocate(s.bcSize()),
                in.hasD() ? FloatBuffer.allocate(s.dim()) : null,
                in.hasZ() ? FloatBuffer.allocate(s.sequenceSize()) : null,
                in.hasDeltaBias() ? FloatBuffer.allocate(s.dim()) : null);
    }

    /** Checks that every buffer needed by these inputs is present and of the right size. */
    public void check(ScanInputs in) {
        ScanShape s = in.shape();
        need("du", du, s.sequenceSize());
        need("ddelta", ddelta, s.sequenceSize());
        need("dA", dA, s.aSize());
        need("dB", dB, s.bcSize());
        need("dC", dC, s.bcSize());
        if (in.hasD()) {
            need("dD", dD, s.dim());
        }
        if (in.hasZ()) {
            need("dz", dz, s.sequenceSize());
        }
        if (in.hasDeltaBias()) {
            need("dDeltaBias", dDeltaBias, s.dim());
        }
    }

    private static void need(String name, FloatBuffer b, int n) {
        if (b == null || b.limit() != n) {
            throw new IllegalArgumentException(name + " must have " + n + " elements, has "
                    + (b == null ? "none" : b.limit()));
        }
    }

    /** Fills every present buffer with value (tests poison with NaN to prove each element gets written). */
    public void fill(float value) {
        for (FloatBuffer b : new FloatBuffer[] {du, ddelta, dA, dB, dC, dD, dz, dDeltaBias}) {
            Floats.fill(b, value);
        }
    }
}
