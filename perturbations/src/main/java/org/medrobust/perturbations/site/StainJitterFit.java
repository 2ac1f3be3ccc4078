package org.medrobust.perturbations.site;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.distribution.FDistribution;
import org.medrobust.datasets.Image;

/**
 * The stain variation theta of {@link HedJitter} (profile step 0b) from how much more the target's slides vary in
 * their HED densities than the source's. Per image and stain i (haematoxylin, eosin; DAB is clipped at 0 on H&amp;E
 * slides) the statistic is the {@value #QUANTILE}th percentile {@code q_i} of the pixels' densities (scikit-image's
 * {@code rgb2hed}, {@link HedJitter#toStains}): a quantile is equivariant under the jitter's increasing map,
 * {@code q' = alpha q + beta}, where the pixel at it is not clipped (a high quantile lies in the tissue, away from the
 * background the negative betas push below 0). With alpha ~ U(1 - theta, 1 + theta), beta ~ U(-theta, theta) and q
 * independent, {@code E[alpha^2] = 1 + theta^2 / 3}, {@code E[beta^2] = theta^2 / 3}, so
 * <pre>Var(q') = Var(q) + theta^2 / 3 (E[q^2] + 1),  theta^2 = 3 (Var_t(q) - Var_s(q)) / (E_s[q^2] + 1),</pre>
 * averaged over the two stains (each its own theta^2), the source taken as the target's slides were before the jitter
 * (the source rendered through the fitted stain, if any). Reported only where the target varies significantly more
 * (one-sided F test of the two variances at {@value #F_LEVEL}, in at least one stain) and the target's even and odd
 * images agree (within {@value #THETA_AGREEMENT} or a quarter of theta, whichever is larger); under
 * {@value #MIN_THETA} it is none.
 */
final class StainJitterFit {

    static final double QUANTILE = 90;
    static final double F_LEVEL = 0.01;
    static final double THETA_AGREEMENT = 0.02;
    /** Smaller thetas are reported as none (a fifth of Tellez's light jitter). */
    static final double MIN_THETA = 0.01;

    /** theta (NaN where the target does not vary more), and per stain the variance ratio and its F test's p value. */
    record Estimate(double theta, double[] varianceRatio, double[] p) {
        boolean significant() {
            return p[0] < F_LEVEL || p[1] < F_LEVEL;
        }
    }

    private StainJitterFit() {
    }

    static Estimate fit(List<Image> source, List<Image> target) {
        double[][] s = statistics(source);
        double[][] t = statistics(target);
        double thetaSquared = 0;
        double[] ratio = new double[2];
        double[] p = new double[2];
        for (int i = 0; i < 2; i++) {
            double vs = variance(s[i]);
            double vt = variance(t[i]);
            double meanSquare = 0;
            for (double q : s[i]) {
                meanSquare += q * q / s[i].length;
            }
            thetaSquared += 3 * (vt - vs) / (meanSquare + 1) / 2;
            ratio[i] = vt / vs;
            p[i] = vs == 0 ? (vt > 0 ? 0 : 1)
                    : 1 - new FDistribution(null, t[i].length - 1, s[i].length - 1).cumulativeProbability(ratio[i]);
        }
        return new Estimate(thetaSquared > 0 ? Math.sqrt(thetaSquared) : Double.NaN, ratio, p);
    }

    /** Rows H, E: per image the {@link #QUANTILE}th percentile of the pixels' densities. */
    static double[][] statistics(List<Image> images) {
        double[][] out = new double[2][images.size()];
        for (int k = 0; k < images.size(); k++) {
            Image image = images.get(k);
            int plane = image.shape().height() * image.shape().width();
            float[] x = image.pixels();
            double[][] stains = new double[2][plane];
            double[] rgb = new double[3];
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < 3; c++) {
                    rgb[c] = x[c * plane + p];
                }
                double[] hed = HedJitter.toStains(rgb);
                stains[0][p] = hed[0];
                stains[1][p] = hed[1];
            }
            for (int i = 0; i < 2; i++) {
                Arrays.sort(stains[i]);
                out[i][k] = MacenkoStain.percentile(stains[i], QUANTILE);
            }
        }
        return out;
    }

    private static double variance(double[] values) {
        double mean = Arrays.stream(values).average().orElse(0);
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return values.length > 1 ? sum / (values.length - 1) : 0;
    }
}
