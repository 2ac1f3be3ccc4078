package org.medrobust.models.scan;

import java.nio.FloatBuffer;
import java.util.Objects;

/**
 * Inputs of one selective scan (float32). Buffers may be heap (wrapping float[]) or direct (for example a DJL CPU
 * tensor's memory); each is read from its position on, with absolute indices, and never modified. d, z and deltaBias
 * are optional (null).
 *
 * @param u             (batch, dim, length)
 * @param delta         (batch, dim, length)
 * @param a             (dim, dstate)
 * @param b             (batch, groups, dstate, length)
 * @param c             (batch, groups, dstate, length)
 * @param d             (dim) skip connection, or null
 * @param z             (batch, dim, length) gate, or null
 * @param deltaBias     (dim), or null
 * @param deltaSoftplus whether delta + deltaBias goes through softplus
 */
public record ScanInputs(ScanShape shape, FloatBuffer u, FloatBuffer delta, FloatBuffer a, FloatBuffer b, FloatBuffer c,
                         FloatBuffer d, FloatBuffer z, FloatBuffer deltaBias, boolean deltaSoftplus) {

    public ScanInputs {
        Objects.requireNonNull(shape, "shape");
        u = view("u", u, shape.sequenceSize(), false);
        delta = view("delta", delta, shape.sequenceSize(), false);
        a = view("A", a, shape.aSize(), false);
        b = view("B", b, shape.bcSize(), false);
        c = view("C", c, shape.bcSize(), false);
        d = view("D", d, shape.dim(), true);
        z = view("z", z, shape.sequenceSize(), true);
        deltaBias = view("delta_bias", deltaBias, shape.dim(), true);
    }

    /** Wraps arrays (no copy); d, z and deltaBias may be null. */
    public static ScanInputs of(ScanShape shape, float[] u, float[] delta, float[] a, float[] b, float[] c, float[] d,
                                float[] z, float[] deltaBias, boolean deltaSoftplus) {
        return new ScanInputs(shape, wrap(u), wrap(delta), wrap(a), wrap(b), wrap(c), wrap(d), wrap(z), wrap(deltaBias),
                deltaSoftplus);
    }

    public boolean hasD() {
        return d != null;
    }

    public boolean hasZ() {
        return z != null;
    }

    public boolean hasDeltaBias() {
        return deltaBias != null;
    }

    static FloatBuffer wrap(float[] array) {
        return array == null ? null : FloatBuffer.wrap(array);
    }

    static FloatBuffer view(String name, FloatBuffer buffer, int expected, boolean optional) {
        if (buffer == null) {
            if (optional) {
                return null;
            }
            throw new NullPointerException(name + " is required");
        }
        if (buffer.remaining() != expected) {
            throw new IllegalArgumentException(name + " has " + buffer.remaining() + " elements, expected " + expected);
        }
        return buffer.slice();
    }
}
