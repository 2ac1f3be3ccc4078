package org.medrobust.perturbations.ops;

/** Linear filters on one plane (row-major H x W), as scipy.ndimage and OpenCV compute them. */
public final class Filters {

    private Filters() {
    }

    /**
     * scipy.ndimage {@code gaussian_filter} (what skimage.filters.gaussian calls): a separable correlation with
     * {@code exp(-x^2 / (2 sigma^2))} normalised, over {@code |x| <= int(truncate * sigma + 0.5)}, rows axis first.
     * Sigma 0 leaves the plane unchanged (scipy skips the axis).
     */
    public static double[] gaussian(double[] plane, int h, int w, double sigma, double truncate, Border border) {
        if (sigma <= 0) {
            return plane.clone();
        }
        double[] kernel = gaussianKernel(sigma, (int) (truncate * sigma + 0.5));
        return correlateColumns(correlateRows(plane, h, w, kernel, border), h, w, kernel, border);
    }

    /** A normalised sampled Gaussian of the given radius (scipy's {@code _gaussian_kernel1d}, order 0). */
    public static double[] gaussianKernel(double sigma, int radius) {
        double[] kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            kernel[i + radius] = Math.exp(-0.5 * i * i / (sigma * sigma));
            sum += kernel[i + radius];
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= sum;
        }
        return kernel;
    }

    /** Correlation along axis 0 (down the columns: each output row mixes input rows). */
    public static double[] correlateRows(double[] plane, int h, int w, double[] kernel, Border border) {
        int r = kernel.length / 2;
        double[] out = new double[plane.length];
        for (int y = 0; y < h; y++) {
            for (int k = 0; k < kernel.length; k++) {
                int src = border.index(y + k - r, h) * w;
                double weight = kernel[k];
                for (int x = 0; x < w; x++) {
                    out[y * w + x] += weight * plane[src + x];
                }
            }
        }
        return out;
    }

    /** Correlation along axis 1 (along each row). */
    public static double[] correlateColumns(double[] plane, int h, int w, double[] kernel, Border border) {
        int r = kernel.length / 2;
        double[] out = new double[plane.length];
        int[] index = new int[w + 2 * r];
        for (int i = 0; i < index.length; i++) {
            index[i] = border.index(i - r, w);
        }
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                double sum = 0;
                for (int k = 0; k < kernel.length; k++) {
                    sum += kernel[k] * plane[row + index[x + k]];
                }
                out[row + x] = sum;
            }
        }
        return out;
    }

    /** OpenCV {@code filter2D} (a correlation, anchor at the centre) with an odd kh x kw kernel. */
    public static double[] correlate2d(double[] plane, int h, int w, double[] kernel, int kh, int kw, Border border) {
        int ry = kh / 2;
        int rx = kw / 2;
        double[] out = new double[plane.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double sum = 0;
                for (int ky = 0; ky < kh; ky++) {
                    int row = border.index(y + ky - ry, h) * w;
                    for (int kx = 0; kx < kw; kx++) {
                        double weight = kernel[ky * kw + kx];
                        if (weight != 0) {
                            sum += weight * plane[row + border.index(x + kx - rx, w)];
                        }
                    }
                }
                out[y * w + x] = sum;
            }
        }
        return out;
    }

    /** OpenCV {@code blur(src, (k, k))}: the k x k box mean, {@code BORDER_REFLECT_101}. */
    public static double[] boxMean(double[] plane, int h, int w, int k) {
        double[] kernel = new double[k];
        java.util.Arrays.fill(kernel, 1.0 / k);
        return correlateColumns(correlateRows(plane, h, w, kernel, Border.REFLECT_101), h, w, kernel,
                Border.REFLECT_101);
    }

    /**
     * OpenCV {@code getGaussianKernel(n, sigma)} for sigma > 0: {@code exp(-(i - (n-1)/2)^2 / (2 sigma^2))},
     * normalised.
     */
    public static double[] openCvGaussianKernel(int n, double sigma) {
        double[] kernel = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double x = i - (n - 1) * 0.5;
            kernel[i] = Math.exp(-x * x / (2 * sigma * sigma));
            sum += kernel[i];
        }
        for (int i = 0; i < n; i++) {
            kernel[i] /= sum;
        }
        return kernel;
    }
}
