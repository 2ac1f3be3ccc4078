package org.medrobust.perturbations.physics;

import java.util.function.UnaryOperator;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageShape;

/** Per-channel plumbing shared by the acquisition-physics corruptions: one channel out as doubles, back clipped. */
final class Channels {

    private Channels() {
    }

    /** Channel c of an image as H x W doubles, row-major. */
    static double[] channel(Image image, int c) {
        int plane = image.shape().height() * image.shape().width();
        double[] values = new double[plane];
        float[] pixels = image.pixels();
        for (int i = 0; i < plane; i++) {
            values[i] = pixels[c * plane + i];
        }
        return values;
    }

    /**
     * Applies {@code operator} to every channel alike (the same sampled parameters for R, G and B: one acquisition)
     * and clips the result to [0, 1].
     */
    static Image eachChannel(Image image, UnaryOperator<double[]> operator) {
        ImageShape shape = image.shape();
        int plane = shape.height() * shape.width();
        float[] out = new float[shape.pixels()];
        for (int c = 0; c < shape.channels(); c++) {
            double[] result = operator.apply(channel(image, c));
            for (int i = 0; i < plane; i++) {
                out[c * plane + i] = clip(result[i]);
            }
        }
        return new Image(shape, out);
    }

    static float clip(double value) {
        return (float) Math.clamp(value, 0.0, 1.0);
    }
}
