package org.medrobust.perturbations.ops;

/**
 * ImageMagick 6's {@code MotionBlurImage(radius, sigma, angle)} (effect.c), which ImageNet-C and MedMNIST-C call
 * through Wand: a one-sided Gaussian line kernel of {@code width = 2 ceil(radius) + 1} taps,
 * {@code k_i ~ exp(-i^2 / (2 sigma^2))}, tap i read at offset {@code (ceil(i cos a - 0.5), ceil(i sin a - 0.5))}
 * (x, y) from the pixel, edge pixels repeated beyond the border.
 */
public final class MotionKernel {

    private MotionKernel() {
    }

    /** Blurs one plane (values in any range). Angle in degrees, ImageMagick's convention. */
    public static double[] blur(double[] plane, int h, int w, double radius, double sigma, double angleDegrees) {
        int width = (int) (2 * Math.ceil(radius) + 1);
        double[] kernel = new double[width];
        double sum = 0;
        double s = Math.max(sigma, 1e-12);
        for (int i = 0; i < width; i++) {
            kernel[i] = Math.exp(-(double) i * i / (2 * s * s));
            sum += kernel[i];
        }
        double a = Math.toRadians(angleDegrees);
        double px = width * Math.sin(a);
        double py = width * Math.cos(a);
        double norm = Math.hypot(px, py);
        int[] dx = new int[width];
        int[] dy = new int[width];
        for (int i = 0; i < width; i++) {
            kernel[i] /= sum;
            dx[i] = (int) Math.ceil(i * py / norm - 0.5);
            dy[i] = (int) Math.ceil(i * px / norm - 0.5);
        }
        double[] out = new double[plane.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double acc = 0;
                for (int i = 0; i < width; i++) {
                    acc += kernel[i] * plane[Border.NEAREST.index(y + dy[i], h) * w + Border.NEAREST.index(x + dx[i], w)];
                }
                out[y * w + x] = acc;
            }
        }
        return out;
    }
}
