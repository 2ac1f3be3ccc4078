package org.medrobust.perturbations.site;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealVector;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageShape;

/**
 * Macenko stain estimation, normalisation and augmentation for H&amp;E histology (Macenko et al. 2009, "A method for
 * normalizing histology slides for quantitative analysis", ISBI), following the widely used reference implementation
 * (M. Macenko's method as in {@code HEnorm_python}, schaugf): with 8-bit intensities I and background Io = 240,
 * <ol>
 *   <li>optical density {@code OD = -ln((I + 1) / Io)} per channel; pixels with any channel below beta = 0.15 are
 *       left out of the estimate (background);</li>
 *   <li>the plane of the two largest eigenvectors of the remaining ODs' covariance; each OD projected onto it, its
 *       angle {@code phi = atan2(t_2, t_1)};</li>
 *   <li>the stain vectors are the plane's directions at the alpha = 1st and 99th percentiles of phi (robust extremes),
 *       the one with the larger red component is haematoxylin;</li>
 *   <li>per pixel the two stain concentrations by least squares, {@code C = argmin |HE C - OD|}; each stain's
 *       "maximum" is its 99th percentile over all pixels.</li>
 * </ol>
 * Normalisation rescales the concentrations to a reference's maxima and renders them with the reference's vectors:
 * {@code I = Io exp(-HE_ref C maxC_ref / maxC)}. Augmentation (Tellez et al. 2019's scheme in the image's own
 * Macenko basis instead of Ruifrok's fixed one) maps each concentration to {@code alpha_i C_i + beta_i}.
 * Percentiles interpolate linearly, as numpy's default. The eigenvectors' signs are fixed so that stain vectors point
 * into the positive octant; every vector is of unit length.
 */
public final class MacenkoStain {

    /** Background intensity Io (8-bit scale) of the reference implementation. */
    public static final double BACKGROUND = 240;

    /** Optical density below which a channel counts as background (beta). */
    public static final double OD_THRESHOLD = 0.15;

    /** Percentile (alpha) of the angle extremes. */
    public static final double ANGLE_PERCENTILE = 1;

    /** The reference implementation's target: its stain matrix and maximum concentrations. */
    public static final Stains REFERENCE = new Stains(new double[] {0.5626, 0.7201, 0.4062},
            new double[] {0.2159, 0.8012, 0.5581}, 1.9705, 1.0308);

    /**
     * Two stain vectors (unit optical-density directions, RGB) and each stain's 99th-percentile concentration.
     */
    public record Stains(double[] hematoxylin, double[] eosin, double maxHematoxylin, double maxEosin) {

        public Stains {
            hematoxylin = hematoxylin.clone();
            eosin = eosin.clone();
        }
    }

    private MacenkoStain() {
    }

    /** The image's stains; fails on a non-RGB image or one with fewer than two stained pixels. */
    public static Stains estimate(Image image) {
        double[][] od = opticalDensities(image);
        int stained = 0;
        for (double[] pixel : od) {
            stained += isStained(pixel) ? 1 : 0;
        }
        if (stained < 2) {
            throw new IllegalArgumentException("Macenko needs stained pixels (optical density >= " + OD_THRESHOLD
                    + " in every channel); the image has " + stained);
        }
        double[][] kept = new double[stained][];
        int k = 0;
        for (double[] pixel : od) {
            if (isStained(pixel)) {
                kept[k++] = pixel;
            }
        }
        double[][] plane = plane(kept);
        double[] phi = new double[stained];
        for (int i = 0; i < stained; i++) {
            phi[i] = StrictMath.atan2(dot(kept[i], plane[1]), dot(kept[i], plane[0]));
        }
        Arrays.sort(phi);
        double[] low = direction(plane, percentile(phi, ANGLE_PERCENTILE));
        double[] high = direction(plane, percentile(phi, 100 - ANGLE_PERCENTILE));
        double[] hematoxylin = low[0] > high[0] ? low : high;
        double[] eosin = low[0] > high[0] ? high : low;
        double[][] c = concentrations(od, hematoxylin, eosin);
        return new Stains(hematoxylin, eosin, percentile(sorted(c[0]), 99), percentile(sorted(c[1]), 99));
    }

    /** The image with its stains rendered as {@code reference}'s (concentrations scaled to its maxima). */
    public static Image normalize(Image image, Stains reference) {
        Stains own = estimate(image);
        double[][] c = concentrations(opticalDensities(image), own.hematoxylin(), own.eosin());
        double scaleH = reference.maxHematoxylin() / own.maxHematoxylin();
        double scaleE = reference.maxEosin() / own.maxEosin();
        return render(image.shape(), c, scaleH, 0, scaleE, 0, reference);
    }

    /** The image with concentration i mapped to {@code alphas[i] C_i + betas[i]} (0: haematoxylin, 1: eosin). */
    public static Image augment(Image image, double[] alphas, double[] betas) {
        Stains own = estimate(image);
        double[][] c = concentrations(opticalDensities(image), own.hematoxylin(), own.eosin());
        return render(image.shape(), c, alphas[0], betas[0], alphas[1], betas[1], own);
    }

    /** Per pixel (rows), the RGB optical densities {@code -ln((255 x + 1) / Io)}. */
    static double[][] opticalDensities(Image image) {
        ImageShape shape = image.shape();
        if (shape.channels() != 3) {
            throw new IllegalArgumentException("Macenko stain separation needs an RGB image, got " + shape.channels()
                    + " channels");
        }
        int plane = shape.height() * shape.width();
        float[] x = image.pixels();
        double[][] od = new double[plane][3];
        for (int p = 0; p < plane; p++) {
            for (int ch = 0; ch < 3; ch++) {
                od[p][ch] = -StrictMath.log((255.0 * x[ch * plane + p] + 1) / BACKGROUND);
            }
        }
        return od;
    }

    /** Least-squares concentrations of every pixel: rows 0 (haematoxylin) and 1 (eosin). */
    static double[][] concentrations(double[][] od, double[] h, double[] e) {
        double hh = dot(h, h);
        double he = dot(h, e);
        double ee = dot(e, e);
        double det = hh * ee - he * he;
        double[][] c = new double[2][od.length];
        for (int p = 0; p < od.length; p++) {
            double hy = dot(h, od[p]);
            double ey = dot(e, od[p]);
            c[0][p] = (ee * hy - he * ey) / det;
            c[1][p] = (hh * ey - he * hy) / det;
        }
        return c;
    }

    /** numpy's percentile with linear interpolation, of an ascending array. */
    public static double percentile(double[] ascending, double q) {
        double position = q / 100 * (ascending.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, ascending.length - 1);
        return ascending[below] + (position - below) * (ascending[above] - ascending[below]);
    }

    private static Image render(ImageShape shape, double[][] c, double alphaH, double betaH, double alphaE,
            double betaE, Stains stains) {
        int plane = shape.height() * shape.width();
        float[] out = new float[3 * plane];
        for (int p = 0; p < plane; p++) {
            double ch = alphaH * c[0][p] + betaH;
            double ce = alphaE * c[1][p] + betaE;
            for (int k = 0; k < 3; k++) {
                double intensity = BACKGROUND * StrictMath.exp(-(stains.hematoxylin()[k] * ch + stains.eosin()[k] * ce));
                out[k * plane + p] = (float) (Math.min(255, Math.max(0, intensity)) / 255);
            }
        }
        return new Image(shape, out);
    }

    /** The two largest eigenvectors of the ODs' covariance: [second largest, largest], the largest summing > 0. */
    private static double[][] plane(double[][] od) {
        double[] mean = new double[3];
        for (double[] pixel : od) {
            for (int k = 0; k < 3; k++) {
                mean[k] += pixel[k] / od.length;
            }
        }
        double[][] cov = new double[3][3];
        for (double[] pixel : od) {
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    cov[a][b] += (pixel[a] - mean[a]) * (pixel[b] - mean[b]) / (od.length - 1);
                }
            }
        }
        EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(cov));
        Integer[] order = {0, 1, 2};
        double[] values = eigen.getRealEigenvalues();
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] second = vector(eigen.getEigenvector(order[1]));
        double[] largest = vector(eigen.getEigenvector(order[2]));
        if (largest[0] + largest[1] + largest[2] < 0) {
            scale(largest, -1);
        }
        return new double[][] {second, largest};
    }

    /** The unit vector of the plane at angle phi, turned into the positive octant. */
    private static double[] direction(double[][] plane, double phi) {
        double[] v = new double[3];
        for (int k = 0; k < 3; k++) {
            v[k] = plane[0][k] * StrictMath.cos(phi) + plane[1][k] * StrictMath.sin(phi);
        }
        if (v[0] + v[1] + v[2] < 0) {
            scale(v, -1);
        }
        scale(v, 1 / Math.sqrt(dot(v, v)));
        return v;
    }

    private static boolean isStained(double[] od) {
        return od[0] >= OD_THRESHOLD && od[1] >= OD_THRESHOLD && od[2] >= OD_THRESHOLD;
    }

    private static double[] sorted(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    private static double[] vector(RealVector v) {
        return v.toArray();
    }

    private static void scale(double[] v, double factor) {
        for (int k = 0; k < v.length; k++) {
            v[k] *= factor;
        }
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}
