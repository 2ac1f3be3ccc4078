package org.medrobust.models.onnx;

/** Raw bit patterns of floats, for "bit for bit" assertions (NaN payloads and -0.0 included). */
public final class Bits {

    private Bits() {
    }

    public static int[] of(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
