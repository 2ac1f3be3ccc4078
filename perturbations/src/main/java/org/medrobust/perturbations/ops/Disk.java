package org.medrobust.perturbations.ops;

/**
 * ImageNet-C's {@code disk(radius, alias_blur)} defocus kernel: the pixels of a disk of that radius on a 17 x 17
 * grid ({@code (2 radius + 1)^2} above radius 8), normalised to sum 1, then anti-aliased by OpenCV
 * {@code GaussianBlur} (3 x 3, or 5 x 5 above radius 8, sigma {@code alias_blur}, {@code BORDER_REFLECT_101}).
 */
public final class Disk {

    private Disk() {
    }

    /** The kernel, row-major, side {@link #side(double)}. */
    public static double[] kernel(double radius, double aliasBlur) {
        int half = radius <= 8 ? 8 : (int) radius;
        int side = 2 * half + 1;
        double[] disk = new double[side * side];
        double count = 0;
        for (int y = -half; y <= half; y++) {
            for (int x = -half; x <= half; x++) {
                if (x * x + y * y <= radius * radius) {
                    disk[(y + half) * side + x + half] = 1;
                    count++;
                }
            }
        }
        for (int i = 0; i < disk.length; i++) {
            disk[i] /= count;
        }
        double[] g = Filters.openCvGaussianKernel(radius <= 8 ? 3 : 5, aliasBlur);
        return Filters.correlateColumns(Filters.correlateRows(disk, side, side, g, Border.REFLECT_101), side, side, g,
                Border.REFLECT_101);
    }

    public static int side(double radius) {
        return 2 * (radius <= 8 ? 8 : (int) radius) + 1;
    }
}
