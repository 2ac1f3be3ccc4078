package org.medrobust.models.host;

/**
 * The pixel values a model expects, e.g. [0, 1] or [0, 255]. The suite's images are always in [0, 1]; a host maps
 * them linearly onto this range before inference.
 */
public record ValueRange(double min, double max) {

    /** The suite's own range: no scaling. */
    public static final ValueRange UNIT = new ValueRange(0, 1);

    /** Bounds beyond this are surely a typo, and would lose float32 precision on 8-bit images anyway. */
    private static final double LIMIT = 1e6;

    public ValueRange {
        if (!Double.isFinite(min) || !Double.isFinite(max) || Math.abs(min) > LIMIT || Math.abs(max) > LIMIT) {
            throw new IllegalArgumentException("value range bounds must be finite numbers within +-1e6, got ["
                    + number(min) + ", " + number(max) + "]");
        }
        if (min >= max) {
            throw new IllegalArgumentException("value range [" + number(min) + ", " + number(max)
                    + "] is empty: min must be below max");
        }
    }

    public boolean isUnit() {
        return min == 0 && max == 1;
    }

    /** How much a step in [0, 1] grows in this range: d/dx01 = width * d/dxModel (chain rule). */
    public double width() {
        return max - min;
    }

    /** Maps [0, 1] values onto this range, in a new array. */
    public float[] fromUnit(float[] values) {
        float scale = (float) width();
        float offset = (float) min;
        float[] scaled = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            scaled[i] = values[i] * scale + offset;
        }
        return scaled;
    }

    @Override
    public String toString() {
        return "[" + number(min) + ", " + number(max) + "]";
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
