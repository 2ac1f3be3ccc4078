package org.medrobust.perturbations.site;

import java.util.Arrays;
import java.util.List;
import org.medrobust.datasets.Image;

/**
 * The intensity transfer (gamma, gain, offset) of a target site from the pooled grey-level distributions: a monotone
 * transfer maps quantiles to quantiles, {@code Q_t(p) = F(Q_y(p))}, where Y is the source rendered through the rest of
 * the fitted profile before the transfer (vignetting, blur, resampling, noise) and {@code F(y) = gain y^gamma +
 * offset} ({@link IntensityTransfer} with window 1, level .5). Quantiles span the whole grey range, which the mean
 * images (used for gain and offset alone) do not. Gamma by grid search (.4 to 2.5 in steps of .01), gain and offset by
 * least squares at each, over the quantiles p = .005 to .995 off the [0, 1] clip.
 *
 * <p>Window and level are not fitted: without clipping a window is a gain and offset (and a level next to gamma
 * traded off against it in the fit, measured: the unshifted X-rays fitted gamma 1.08 with a level of .2), and with
 * clipping its point masses are smeared by any later JPEG.
 */
final class IntensityFit {

    private static final int QUANTILES = 199;
    private static final double MIN_GAMMA = 0.4;
    private static final double MAX_GAMMA = 2.5;
    private static final double GAMMA_STEP = 0.01;

    /** The fitted transfer and the quantile fit's rms residual. */
    record Estimate(IntensityTransfer transfer, double rmsResidual) {
    }

    private IntensityFit() {
    }

    /** @param rendered the source before the transfer (Y); @param target the target site's images */
    static Estimate fit(List<Image> rendered, List<Image> target) {
        float[] y = pooledSorted(rendered);
        float[] t = pooledSorted(target);
        double[] qy = new double[QUANTILES];
        double[] qt = new double[QUANTILES];
        int n = 0;
        for (int i = 0; i < QUANTILES; i++) {
            double p = (i + 1) / (QUANTILES + 1.0);
            double value = quantile(t, p);
            if (value <= 0 || value >= 1) {
                continue; // on the final clip F is flat
            }
            qy[n] = quantile(y, p);
            qt[n++] = value;
        }
        double[] best = null;
        for (int g = 0; MIN_GAMMA + g * GAMMA_STEP <= MAX_GAMMA + 1e-9; g++) {
            double gamma = MIN_GAMMA + g * GAMMA_STEP;
            double[] line = line(qy, qt, n, gamma, 0);
            if (line != null && (best == null || line[2] < best[3])) {
                best = new double[] {gamma, line[0], line[1], line[2]};
            }
        }
        if (best == null) {
            return new Estimate(IntensityTransfer.IDENTITY, Double.NaN);
        }
        return new Estimate(new IntensityTransfer(best[0], 1, 0.5, best[1], best[2]), Math.sqrt(best[3] / n));
    }

    /** The target mapped back through the inverse of {@code transfer} (window 1): {@code ((t - offset) / gain)^(1/gamma)}. */
    static List<Image> linearised(List<Image> target, IntensityTransfer transfer) {
        List<Image> out = new java.util.ArrayList<>(target.size());
        for (Image image : target) {
            float[] x = image.pixels();
            float[] y = new float[x.length];
            for (int p = 0; p < x.length; p++) {
                double w = Math.max((x[p] - transfer.offset()) / transfer.gain(), 0);
                y[p] = (float) StrictMath.pow(w, 1 / transfer.gamma());
            }
            out.add(new Image(image.shape(), y));
        }
        return out;
    }

    /** {k, o, sse} of {@code qt = k max(qy - shift, 0)^gamma + o}, k > 0; null if k is not positive. */
    private static double[] line(double[] qy, double[] qt, int n, double gamma, double shift) {
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = StrictMath.pow(Math.max(qy[i] - shift, 0), gamma);
        }
        double[] line = SiteFit.leastSquares(u, java.util.Arrays.copyOf(qt, n));
        return line[0] > 0 ? line : null;
    }

    private static float[] pooledSorted(List<Image> images) {
        int plane = images.getFirst().shape().pixels();
        float[] all = new float[plane * images.size()];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i).pixels(), 0, all, i * plane, plane);
        }
        Arrays.sort(all);
        return all;
    }

    /** numpy's default (linear) percentile of sorted values. */
    static double quantile(float[] sorted, double p) {
        double position = p * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(lower + 1, sorted.length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }

}
