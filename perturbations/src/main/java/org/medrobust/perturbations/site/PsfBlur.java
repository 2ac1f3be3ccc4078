package org.medrobust.perturbations.site;

import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageShape;

/**
 * Gaussian point-spread blur for site profiles: separable, kernel radius {@code (int) (4 sigma + 0.5)} and mirrored
 * borders ({@code d c b a | a b c d | d c b a}), as scipy's {@code gaussian_filter} defaults (truncate 4, mode
 * reflect). Kept minimal and private to this package on purpose: the corruption library's Gaussian blur (ImageNet-C,
 * package blur) should replace it once both are merged.
 */
final class PsfBlur {

    private PsfBlur() {
    }

    static Image blur(Image image, double sigma) {
        double[] kernel = kernel(sigma);
        ImageShape shape = image.shape();
        int h = shape.height();
        int w = shape.width();
        float[] in = image.pixels();
        float[] out = new float[in.length];
        double[] rows = new double[h * w];
        for (int c = 0; c < shape.channels(); c++) {
            int base = c * h * w;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double sum = 0;
                    for (int k = 0; k < kernel.length; k++) {
                        sum += kernel[k] * in[base + y * w + mirror(x + k - kernel.length / 2, w)];
                    }
                    rows[y * w + x] = sum;
                }
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double sum = 0;
                    for (int k = 0; k < kernel.length; k++) {
                        sum += kernel[k] * rows[mirror(y + k - kernel.length / 2, h) * w + x];
                    }
                    out[base + y * w + x] = (float) Math.clamp(sum, 0.0, 1.0);
                }
            }
        }
        return new Image(shape, out);
    }

    static double[] kernel(double sigma) {
        int radius = (int) (4 * sigma + 0.5);
        double[] kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) {
            kernel[k + radius] = StrictMath.exp(-0.5 * k * k / (sigma * sigma));
            sum += kernel[k + radius];
        }
        for (int k = 0; k < kernel.length; k++) {
            kernel[k] /= sum;
        }
        return kernel;
    }

    /** Half-sample symmetric reflection into [0, n), repeated for kernels wider than the image. */
    static int mirror(int i, int n) {
        while (i < 0 || i >= n) {
            i = i < 0 ? -i - 1 : 2 * n - i - 1;
        }
        return i;
    }
}
