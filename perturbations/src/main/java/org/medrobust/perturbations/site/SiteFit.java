package org.medrobust.perturbations.site;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.SequencedMap;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.perturbations.physics.BiasField;

/**
 * {@code site fit}: estimates the site profile that turns a source collection (the test set a model was validated
 * on) into the look of a target site (images from the hospital it will be deployed to), so that the test set can be
 * rendered as that site. Both collections are gray images of one size and of the same kind of anatomy; they need not
 * be the same patients, because only population statistics are compared. Fitted, in the order {@link SiteShift}
 * applies them:
 * <ol>
 *   <li><b>vignetting, gain and offset</b> from the two mean images: {@code M_t(p) = g f_v(p) M_s(p) + o} with the
 *       profile's field {@code f_v = exp(-v (X^2 + Y^2))}; v by a grid search over [0, 2] in steps of 0.005, g and o
 *       by least squares at each v, the v of least squared error kept;</li>
 *   <li><b>Poisson-Gaussian noise</b> (Foi et al. 2008, "Practical Poissonian-Gaussian noise modeling and fitting for
 *       single-image raw-data"): per pixel the local noise variance {@code r^2 / 36} from Immerkaer's residual r (the
 *       filter {@code [1 -2 1; -2 4 -2; 1 -2 1]}, whose squared weights sum to 36) against the local 3x3 mean level,
 *       fitted as {@code var = A level + B} over levels in [0.1, 0.9] (away from clipping). In source units the
 *       target's {@code a_t = A_t / g}, {@code b_t = (B_t + A_t o) / g^2}; the site adds {@code a = a_t - a_s} and
 *       {@code b = b_t - b_s} to the source's own, so {@code photons = 1 / a} and {@code readSigma = sqrt(b)}. No
 *       noise is fitted when the target is not noisier (a &lt;= 0). The slope is corrected for the noise in the
 *       level itself (regression calibration: divided by the reliability ratio {@code 1 - (mean var / 9) / var(level)}),
 *       which otherwise flattens it and inflates the read-out intercept.</li>
 * </ol>
 * Not fitted (left neutral, said in {@link Fitted#notFitted}): point-spread blur, resampling, gamma and window, JPEG
 * quality, stain. The residual of structure under the Immerkaer filter is the same in both collections to first order
 * and cancels in the differences.
 */
public final class SiteFit {

    /** What was fitted, with the numbers behind it. */
    public record Fitted(SiteProfile profile, SequencedMap<String, Object> diagnostics, List<String> notFitted) {
    }

    private static final double LOW_LEVEL = 0.1;
    private static final double HIGH_LEVEL = 0.9;
    private static final double MAX_VIGNETTING = 2;
    private static final double VIGNETTING_STEP = 0.005;

    private SiteFit() {
    }

    /**
     * @param source images the profile will be applied to (at least one, gray, all of one shape)
     * @param target images of the site to imitate (same shape)
     */
    public static Fitted fit(String name, String modality, List<Image> source, List<Image> target) {
        return fit(name, modality, source, target, null);
    }

    /**
     * As {@link #fit(String, String, List, List)}, with the JPEG quality the target's files were written at (read
     * from their quantisation tables by {@link JpegQuality}; null when they are not all JPEG files): the profile
     * re-compresses at it.
     */
    public static Fitted fit(String name, String modality, List<Image> source, List<Image> target,
            Integer jpegQuality) {
        ImageShape shape = checkShapes(source, target);
        double[] sourceMean = meanImage(source, shape);
        double[] targetMean = meanImage(target, shape);
        double[] radial = fieldExponent(shape);
        double bestV = 0;
        double[] best = null;
        for (int step = 0; step * VIGNETTING_STEP <= MAX_VIGNETTING + 1e-12; step++) {
            double v = step * VIGNETTING_STEP;
            double[] u = new double[sourceMean.length];
            for (int p = 0; p < u.length; p++) {
                u[p] = StrictMath.exp(-v * radial[p]) * sourceMean[p];
            }
            double[] line = leastSquares(u, targetMean);
            if (best == null || line[2] < best[2]) {
                best = line;
                bestV = v;
            }
        }
        double gain = best[0];
        double offset = best[1];
        double[] sourceNoise = noiseLine(source);
        double[] targetNoise = noiseLine(target);
        double a = targetNoise[0] / gain - sourceNoise[0];
        double b = (targetNoise[1] + targetNoise[0] * offset) / (gain * gain) - sourceNoise[1];
        NoiseModel noise = a > 0 ? new NoiseModel.PoissonGaussian(1 / a, Math.sqrt(Math.max(b, 0)))
                : new NoiseModel.None();
        IntensityTransfer intensity = new IntensityTransfer(1, 1, 0.5, gain, offset);
        SiteProfile profile = new SiteProfile(name, modality, String.format(Locale.ROOT,
                "fitted by medrobust site fit from %d source and %d target images", source.size(), target.size()),
                intensity, noise, 0, 1, bestV, jpegQuality == null ? 0 : jpegQuality, 0);
        SequencedMap<String, Object> diagnostics = new LinkedHashMap<>();
        diagnostics.put("sourceImages", source.size());
        diagnostics.put("targetImages", target.size());
        diagnostics.put("meanImageRmsResidual", Math.sqrt(best[2] / sourceMean.length));
        diagnostics.put("sourceNoise (a, b)", List.of(sourceNoise[0], sourceNoise[1]));
        diagnostics.put("targetNoise (a, b)", List.of(targetNoise[0], targetNoise[1]));
        if (jpegQuality != null) {
            diagnostics.put("jpegQuality", jpegQuality + " (the target files' quantisation tables)");
        }
        return new Fitted(profile, diagnostics, jpegQuality != null
                ? List.of("psfSigma", "resampling", "gamma", "window", "level", "stainJitter")
                : List.of("psfSigma", "resampling", "gamma", "window", "level", "jpegQuality", "stainJitter"));
    }

    /** {@code var = A level + B} over all images' interior pixels with local level in [0.1, 0.9]: {A, B}. */
    static double[] noiseLine(List<Image> images) {
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        long n = 0;
        for (Image image : images) {
            int h = image.shape().height();
            int w = image.shape().width();
            float[] x = image.pixels();
            for (int r = 1; r < h - 1; r++) {
                for (int c = 1; c < w - 1; c++) {
                    double residual = 0;
                    double level = 0;
                    for (int dr = -1; dr <= 1; dr++) {
                        for (int dc = -1; dc <= 1; dc++) {
                            double value = x[(r + dr) * w + c + dc];
                            residual += IMMERKAER[dr + 1][dc + 1] * value;
                            level += value / 9;
                        }
                    }
                    if (level < LOW_LEVEL || level > HIGH_LEVEL) {
                        continue;
                    }
                    double variance = residual * residual / 36;
                    sx += level;
                    sy += variance;
                    sxx += level * level;
                    sxy += level * variance;
                    n++;
                }
            }
        }
        if (n < 2) {
            throw new InvalidInputException("site fit: too few pixels with a level in [" + LOW_LEVEL + ", " + HIGH_LEVEL
                    + "] to fit the noise");
        }
        double meanLevel = sx / n;
        double meanVariance = sy / n;
        double levelVariance = sxx / n - meanLevel * meanLevel;
        double slope = (sxy / n - meanLevel * meanVariance) / levelVariance;
        // The level is itself noisy: a 3x3 mean carries 1/9 of the noise variance (mean: meanVariance / 9). Errors in
        // the regressor flatten the slope by the reliability ratio var(true level) / var(level) and lift the
        // intercept; undo it (regression calibration, Fuller 1987). Measured on the shipped X-rays: photons 43.4 ->
        // 40.7 and read-out sigma .035 -> .021 for a site of 40 photons and .01.
        double reliability = 1 - meanVariance / 9 / levelVariance;
        slope /= Math.max(reliability, 0.5);
        return new double[] {slope, meanVariance - slope * meanLevel};
    }

    private static final int[][] IMMERKAER = {{1, -2, 1}, {-2, 4, -2}, {1, -2, 1}};

    /** {gain, offset, sum of squared residuals} of {@code y = gain u + offset}. */
    private static double[] leastSquares(double[] u, double[] y) {
        int n = u.length;
        double su = 0;
        double sy = 0;
        double suu = 0;
        double suy = 0;
        for (int p = 0; p < n; p++) {
            su += u[p];
            sy += y[p];
            suu += u[p] * u[p];
            suy += u[p] * y[p];
        }
        double gain = (n * suy - su * sy) / (n * suu - su * su);
        double offset = (sy - gain * su) / n;
        double sse = 0;
        for (int p = 0; p < n; p++) {
            double e = y[p] - gain * u[p] - offset;
            sse += e * e;
        }
        return new double[] {gain, offset, sse};
    }

    /** Per pixel {@code X^2 + Y^2} on the profile's field grid (the field of v is {@code exp(-v (X^2 + Y^2))}). */
    private static double[] fieldExponent(ImageShape shape) {
        float[] ones = new float[shape.pixels()];
        java.util.Arrays.fill(ones, 1f);
        double[] coefficients = new double[BiasField.TERMS];
        coefficients[BiasField.term(2, 0)] = -1;
        coefficients[BiasField.term(0, 2)] = -1;
        float[] field = BiasField.withField(new Image(shape, ones), coefficients).pixels();
        double[] exponent = new double[field.length];
        for (int p = 0; p < field.length; p++) {
            exponent[p] = -StrictMath.log(field[p]);
        }
        return exponent;
    }

    private static double[] meanImage(List<Image> images, ImageShape shape) {
        double[] mean = new double[shape.pixels()];
        for (Image image : images) {
            float[] x = image.pixels();
            for (int p = 0; p < mean.length; p++) {
                mean[p] += x[p] / (double) images.size();
            }
        }
        return mean;
    }

    private static ImageShape checkShapes(List<Image> source, List<Image> target) {
        if (source.isEmpty() || target.isEmpty()) {
            throw new InvalidInputException("site fit needs source and target images (got " + source.size() + " and "
                    + target.size() + ")");
        }
        ImageShape shape = source.getFirst().shape();
        if (shape.channels() != 1) {
            throw new InvalidInputException("site fit models gray images; these have " + shape.channels()
                    + " channels");
        }
        for (List<Image> images : List.of(source, target)) {
            for (Image image : images) {
                if (!image.shape().equals(shape)) {
                    throw new InvalidInputException("site fit needs images of one size: " + image.shape() + " and "
                            + shape);
                }
            }
        }
        return shape;
    }
}
