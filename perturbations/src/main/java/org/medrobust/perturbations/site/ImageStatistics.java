package org.medrobust.perturbations.site;

import org.medrobust.datasets.Image;

/**
 * The measurable statistics a site profile moves, on channel 0 (what {@code site fit} will estimate): mean
 * intensity, contrast (standard deviation), noise level, sharpness and vignetting.
 */
public final class ImageStatistics {

    private ImageStatistics() {
    }

    public static double mean(Image image) {
        double sum = 0;
        int plane = plane(image);
        for (int i = 0; i < plane; i++) {
            sum += image.pixels()[i];
        }
        return sum / plane;
    }

    /** Population standard deviation of channel 0. */
    public static double contrast(Image image) {
        double mean = mean(image);
        double sum = 0;
        int plane = plane(image);
        for (int i = 0; i < plane; i++) {
            double d = image.pixels()[i] - mean;
            sum += d * d;
        }
        return Math.sqrt(sum / plane);
    }

    /**
     * Noise sigma by Immerkaer 1996 ("Fast Noise Variance Estimation", CVIU 64(2)): the image filtered with
     * {@code [1 -2 1; -2 4 -2; 1 -2 1]} (which cancels locally linear structure), then
     * {@code sigma = sqrt(pi/2) / (6 (W-2)(H-2)) sum |filtered|} over the interior. Needs at least 3 x 3 pixels.
     */
    public static double noiseSigma(Image image) {
        int h = image.shape().height();
        int w = image.shape().width();
        requireInterior(h, w);
        double sum = 0;
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                double v = at(image, y - 1, x - 1) - 2 * at(image, y - 1, x) + at(image, y - 1, x + 1)
                        - 2 * at(image, y, x - 1) + 4 * at(image, y, x) - 2 * at(image, y, x + 1)
                        + at(image, y + 1, x - 1) - 2 * at(image, y + 1, x) + at(image, y + 1, x + 1);
                sum += Math.abs(v);
            }
        }
        return Math.sqrt(Math.PI / 2) * sum / (6.0 * (w - 2) * (h - 2));
    }

    /** Variance of the 4-neighbour Laplacian over the interior (Pech-Pacheco et al. 2000): falls with blur. */
    public static double sharpness(Image image) {
        int h = image.shape().height();
        int w = image.shape().width();
        requireInterior(h, w);
        double sum = 0;
        double sumSquares = 0;
        int n = 0;
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                double v = at(image, y - 1, x) + at(image, y + 1, x) + at(image, y, x - 1) + at(image, y, x + 1)
                        - 4 * at(image, y, x);
                sum += v;
                sumSquares += v * v;
                n++;
            }
        }
        double mean = sum / n;
        return sumSquares / n - mean * mean;
    }

    /** Mean of the four corner squares (a quarter of each side) over the mean of the central square; 1 = flat. */
    public static double cornerToCentre(Image image) {
        int h = image.shape().height();
        int w = image.shape().width();
        int qh = Math.max(1, h / 4);
        int qw = Math.max(1, w / 4);
        double corners = (block(image, 0, 0, qh, qw) + block(image, 0, w - qw, qh, qw) + block(image, h - qh, 0, qh, qw)
                + block(image, h - qh, w - qw, qh, qw)) / 4;
        double centre = block(image, (h - 2 * qh) / 2, (w - 2 * qw) / 2, 2 * qh, 2 * qw);
        return corners / centre;
    }

    private static double block(Image image, int top, int left, int height, int width) {
        double sum = 0;
        for (int y = top; y < top + height; y++) {
            for (int x = left; x < left + width; x++) {
                sum += at(image, y, x);
            }
        }
        return sum / (height * width);
    }

    private static double at(Image image, int y, int x) {
        return image.at(0, y, x);
    }

    private static int plane(Image image) {
        return image.shape().height() * image.shape().width();
    }

    private static void requireInterior(int h, int w) {
        if (h < 3 || w < 3) {
            throw new IllegalArgumentException("needs at least 3 x 3 pixels, got " + h + " x " + w);
        }
    }
}
