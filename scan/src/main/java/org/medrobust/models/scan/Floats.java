package org.medrobust.models.scan;

import java.nio.FloatBuffer;

/** Small helpers for float buffers and arrays shared by the backends. */
public final class Floats {

    private Floats() {
    }

    /** Copy of all elements from index 0 to the limit (absolute; the buffer's position is not changed). */
    public static float[] toArray(FloatBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        float[] out = new float[buffer.limit()];
        buffer.get(0, out);
        return out;
    }

    public static FloatBuffer allocate(int n) {
        return FloatBuffer.allocate(n);
    }

    public static void fill(FloatBuffer buffer, float value) {
        if (buffer == null) {
            return;
        }
        if (buffer.hasArray()) {
            java.util.Arrays.fill(buffer.array(), buffer.arrayOffset(), buffer.arrayOffset() + buffer.limit(), value);
        } else {
            for (int i = 0; i < buffer.limit(); i++) {
                buffer.put(i, value);
            }
        }
    }

    public static double[] toDoubles(float[] a) {
        if (a == null) {
            return null;
        }
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    public static float[] toFloats(double[] a) {
        if (a == null) {
            return null;
        }
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }
}
