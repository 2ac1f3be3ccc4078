package org.medrobust.perturbations.site;

import java.util.Arrays;
import java.util.List;
import org.medrobust.datasets.Image;

/**
 * The intensity transfer (window, level, gamma, gain, offset) of a target site from the pooled grey-level
 * distributions: a monotone transfer maps quantiles to quantiles, {@code Q_t(p) = F(Q_y(p))}, where Y is the source
 * rendered through the rest of the fitted profile before the transfer (vignetting, blur, resampling, noise) and
 * {@code F(y) = gain clip((y - lo) / (hi - lo), 0, 1)^gamma + offset} ({@link IntensityTransfer}: window
 * {@code hi - lo}, level {@code (lo + hi) / 2}). Quantiles span the whole grey range, which the mean images (used for
 * gain and offset alone) do not. Gamma by grid search (.4 to 2.5 in steps of .01), gain and offset by least squares at
 * each, over the quantiles p = .005 to .995 that lie off the target's clipped ends.
 *
 * <p><b>Window and level only where clipping shows them.</b> Without clipping a window is a gain and offset (and a
 * level next to gamma trades off against it, measured: the unshifted X-rays fitted gamma 1.08 with a level of .2). A
 * window clips: every source value below {@code lo} becomes the one target value {@code offset}, so the target's
 * histogram has a point mass at its minimum (likewise above {@code hi} at its maximum). An end is taken as clipped
 * when the target's mass at its extreme value exceeds the rendered source's at its own by {@value #MIN_EXCESS} of all
 * pixels and by half as much again (the source has its own: noise clipped at 0 and 1); then {@code lo = Q_y(mass)}
 * (likewise {@code hi = Q_y(1 - mass)}). A clipped end at a value inside (0, 1) can only be a window edge. One at
 * exactly 0 or 1 can also be the final [0, 1] clip of a gain and offset (under gamma 1 the very same map): the window
 * is kept there only when its quantile residual is under {@value #WINDOW_GAIN} times the best without it. A later
 * JPEG smears the point masses, so a window under visible JPEG is not found.
 */
final class IntensityFit {

    private static final int QUANTILES = 199;
    private static final double MIN_GAMMA = 0.4;
    private static final double MAX_GAMMA = 2.5;
    private static final double GAMMA_STEP = 0.01;
    /** Excess point mass (share of all pixels) at an extreme of the target's histogram that counts as clipping. */
    static final double MIN_EXCESS = 0.002;
    private static final double MASS_RATIO = 1.5;
    /** A window whose ends lie at 0 or 1 must fit the quantiles this much better than gain and offset alone. */
    static final double WINDOW_GAIN = 0.8;
    /** A clipped value this far inside [0, 1] is not the final clip: only a window puts a point mass there. */
    private static final double INSIDE = 1 / 512.0;

    /**
     * The fitted transfer, the quantile fit's rms residual, and the target values of the clipped ends (NaN where an
     * end shows no clipping): pixels there carry no noise and are left out of the noise fit.
     */
    record Estimate(IntensityTransfer transfer, double rmsResidual, double clipLow, double clipHigh) {

        boolean clipped() {
            return !Double.isNaN(clipLow) || !Double.isNaN(clipHigh);
        }

        boolean windowed() {
            return transfer.window() != 1 || transfer.level() != 0.5;
        }

        double lo() {
            return transfer.level() - transfer.window() / 2;
        }

        double hi() {
            return transfer.level() + transfer.window() / 2;
        }
    }

    private IntensityFit() {
    }

    /** @param rendered the source before the transfer (Y); @param target the target site's images */
    static Estimate fit(List<Image> rendered, List<Image> target) {
        return fit(rendered, target, true, Double.NaN);
    }

    /**
     * @param window whether window edges may be fitted where clipping shows them (clipped ends are found and left out
     *               of the quantile fit either way)
     * @param gamma  a fixed gamma, or NaN to fit it
     */
    static Estimate fit(List<Image> rendered, List<Image> target, boolean window, double gamma) {
        float[] y = pooledSorted(rendered);
        float[] t = pooledSorted(target);
        double lowMass = clippedMass(t, y, true);
        double highMass = clippedMass(t, y, false);
        double[] qy = new double[QUANTILES];
        double[] qt = new double[QUANTILES];
        int n = 0;
        for (int i = 0; i < QUANTILES; i++) {
            double p = (i + 1) / (QUANTILES + 1.0);
            double value = quantile(t, p);
            if (value <= 0 || value >= 1 || p <= lowMass || p >= 1 - highMass) {
                continue; // on a clip F is flat
            }
            qy[n] = quantile(y, p);
            qt[n++] = value;
        }
        double clipLow = lowMass > 0 ? t[0] : Double.NaN;
        double clipHigh = highMass > 0 ? t[t.length - 1] : Double.NaN;
        double[] plain = best(qy, qt, n, 0, 1, gamma);
        if (plain == null) {
            return new Estimate(IntensityTransfer.IDENTITY, Double.NaN, clipLow, clipHigh);
        }
        double lo = lowMass > 0 ? quantile(y, lowMass) : 0;
        double hi = highMass > 0 ? quantile(y, 1 - highMass) : 1;
        boolean forced = lowMass > 0 && clipLow > INSIDE || highMass > 0 && clipHigh < 1 - INSIDE;
        double[] windowed = window && (lowMass > 0 || highMass > 0) && hi > lo ? best(qy, qt, n, lo, hi, gamma) : null;
        if (windowed != null && (forced || windowed[3] < WINDOW_GAIN * plain[3])) {
            return new Estimate(new IntensityTransfer(windowed[0], hi - lo, (lo + hi) / 2, windowed[1], windowed[2]),
                    Math.sqrt(windowed[3] / n), clipLow, clipHigh);
        }
        return new Estimate(new IntensityTransfer(plain[0], 1, 0.5, plain[1], plain[2]), Math.sqrt(plain[3] / n),
                clipLow, clipHigh);
    }

    /** {gamma, gain, offset, sse} of the best gamma (or the fixed one) for window [lo, hi]; null if none fits. */
    private static double[] best(double[] qy, double[] qt, int n, double lo, double hi, double fixedGamma) {
        double[] best = null;
        int steps = Double.isNaN(fixedGamma) ? (int) Math.round((MAX_GAMMA - MIN_GAMMA) / GAMMA_STEP) : 0;
        for (int g = 0; g <= steps; g++) {
            double gamma = Double.isNaN(fixedGamma) ? MIN_GAMMA + g * GAMMA_STEP : fixedGamma;
            double[] line = line(qy, qt, n, gamma, lo, hi);
            if (line != null && (best == null || line[2] < best[3])) {
                best = new double[] {gamma, line[0], line[1], line[2]};
            }
        }
        return best;
    }

    /**
     * The share of all pixels in the target's point mass at its minimum ({@code low}) or maximum that exceeds the
     * rendered source's at its own (see the class comment), or 0 when that end shows no clipping.
     */
    static double clippedMass(float[] t, float[] y, boolean low) {
        double target = extremeMass(t, low);
        double source = extremeMass(y, low);
        return target > source + MIN_EXCESS && target > MASS_RATIO * source ? target : 0;
    }

    private static double extremeMass(float[] sorted, boolean low) {
        int n = sorted.length;
        float extreme = low ? sorted[0] : sorted[n - 1];
        int count = 0;
        while (count < n && sorted[low ? count : n - 1 - count] == extreme) {
            count++;
        }
        return count / (double) n;
    }

    /**
     * The target mapped back through the inverse of {@code estimate}'s transfer, {@code lo + window ((t - offset) /
     * gain)^(1/gamma)}; pixels on a clipped end are NaN (their noise was clipped away), which the noise fit skips.
     */
    static List<Image> linearised(List<Image> target, Estimate estimate) {
        IntensityTransfer transfer = estimate.transfer();
        double lo = estimate.lo();
        List<Image> out = new java.util.ArrayList<>(target.size());
        for (Image image : target) {
            float[] x = image.pixels();
            float[] y = new float[x.length];
            for (int p = 0; p < x.length; p++) {
                if (x[p] == estimate.clipLow() || x[p] == estimate.clipHigh()) {
                    y[p] = Float.NaN;
                    continue;
                }
                double w = Math.max((x[p] - transfer.offset()) / transfer.gain(), 0);
                y[p] = (float) (lo + transfer.window() * StrictMath.pow(w, 1 / transfer.gamma()));
            }
            out.add(new Image(image.shape(), y));
        }
        return out;
    }

    /** {k, o, sse} of {@code qt = k clip((qy - lo) / (hi - lo), 0, 1)^gamma + o}, k > 0; null if k is not positive. */
    private static double[] line(double[] qy, double[] qt, int n, double gamma, double lo, double hi) {
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = StrictMath.pow(Math.clamp((qy[i] - lo) / (hi - lo), 0.0, 1.0), gamma);
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
