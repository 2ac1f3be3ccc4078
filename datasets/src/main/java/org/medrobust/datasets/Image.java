package org.medrobust.datasets;

/**
 * One image: float32 values in [0, 1], channels first (C, H, W), row-major.
 * The array is owned by the image; callers that modify pixels must copy first ({@link #copy()}).
 */
public record Image(ImageShape shape, float[] pixels) {

    public Image {
        if (pixels.length != shape.pixels()) {
            throw new IllegalArgumentException("image of shape " + shape + " needs " + shape.pixels() + " values, got " + pixels.length);
        }
    }

    public Image copy() {
        return new Image(shape, pixels.clone());
    }

    /** Value at channel c, row y, column x. */
    public float at(int c, int y, int x) {
        return pixels[(c * shape.height() + y) * shape.width() + x];
    }
}
