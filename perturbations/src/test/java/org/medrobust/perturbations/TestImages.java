package org.medrobust.perturbations;

import java.util.Arrays;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageShape;

/** Small deterministic test images and the statistics the physics tests compare. */
public final class TestImages {

    private TestImages() {
    }

    public static Image constant(int size, float value) {
        float[] pixels = new float[size * size];
        Arrays.fill(pixels, value);
        return new Image(new ImageShape(1, size, size), pixels);
    }

    /** A 32 x 32 phantom: dim background with a ramp, a bright disc, a brighter off-centre lesion. */
    public static Image phantom() {
        return phantom(1);
    }

    /** The phantom with {@code channels} channels, channel c scaled by 1 - 0.2 c (so RGB is not gray). */
    public static Image phantom(int channels) {
        int size = 32;
        float[] pixels = new float[channels * size * size];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double value = 0.1 + 0.1 * x / size;
                    if (Math.hypot(y - 15.5, x - 14.5) < 10) {
                        value = 0.55;
                    }
                    if (Math.hypot(y - 12, x - 18) < 3) {
                        value = 0.9;
                    }
                    pixels[(c * size + y) * size + x] = (float) (value * (1 - 0.2 * c));
                }
            }
        }
        return new Image(new ImageShape(channels, size, size), pixels);
    }

    public static double mean(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    public static double meanOfSquares(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += (double) v * v;
        }
        return sum / values.length;
    }

    public static double variance(float[] values) {
        double mean = mean(values);
        double sum = 0;
        for (float v : values) {
            sum += (v - mean) * (v - mean);
        }
        return sum / (values.length - 1);
    }

    public static double mse(Image a, Image b) {
        double sum = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            double d = a.pixels()[i] - b.pixels()[i];
            sum += d * d;
        }
        return sum / a.pixels().length;
    }

    /** Peak signal-to-noise ratio for peak 1 (dB). */
    public static double psnr(Image reference, Image distorted) {
        return 10 * Math.log10(1 / mse(reference, distorted));
    }

    public static double[] doubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
