package org.medrobust.perturbations.site;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;
import org.medrobust.datasets.Image;

/**
 * Gamma and the Poisson-Gaussian noise of a target site fitted together, as one objective over gamma (a profile).
 * The two are coupled: gamma is read from the grey-level quantiles of the source rendered with noise, and noise widens
 * those quantiles (rendered at half the true photons, gamma 1.5 fits 1.34; at twice, 1.70), while the noise is read
 * from the target mapped back through the transfer, which needs gamma; two alternating passes stop short (gamma 1.42
 * and 100 photons for 1.5 and 120), more passes oscillate (docs/site-profiles.md). Here each candidate gamma gets the
 * noise consistent with it: gain and offset at that gamma by least squares on the quantiles ({@link IntensityFit})
 * against the source rendered with the noise, the target mapped back through that transfer, its noise line less the
 * source's ({@link SiteFit#noiseLine}), repeated until the photons settle (within {@value #SETTLED} of the last, at
 * most {@value #PASSES} passes). The candidate's score is the quantiles' rms residual at its settled noise; gamma is
 * the minimum, by a grid of step {@value #GRID} over {@value #SPAN} either side of the quantile fit's gamma (each grid
 * point starting from its neighbour's noise; carried on past an end while the best lies there) and Brent's method
 * (commons-math3) within a grid step of the best.
 *
 * <p><b>The read-out is held at 0.</b> The noise line's intercept (its variance at level 0, an extrapolation from
 * levels .1-.9) is its least determined part and moves with gamma (gamma 1.5 at 120 photons, read-out .01, mapped
 * back through 1.45, 1.5, 1.55, 1.6: read-out 0, 0, .017, .028); left free it lets a wrong gamma match the quantiles
 * with a wrong read-out (gamma 1.5 at 40 photons: the minimum at gamma 1.60-1.63 with 63-69 photons and read-out .07).
 * So the mapped-back noise is the line through the pixels' mean level m and variance with intercept 0, all of that
 * variance counted as photons: {@code a = (A m + B) / m}, A and B the target's line less the source's. With the
 * intercept held at 0, .01 or .02 (truth .01) the minimum moved by at most .025 in gamma and 11 % in photons on gamma
 * 1.5 at 120 and 40, .7 at 40 and 2 at 80 photons. So a read-out sigma next to a gamma is not reported.
 *
 * <p><b>A smooth rendering.</b> The candidates are rendered with common random numbers and a smooth stand-in for the
 * Poisson draw, so that the score is a smooth function of gamma rather than of the sampler's rejection steps: per
 * pixel {@code y = x + sqrt(a x) z + a (z^2 - 1) / 6} with z standard normal drawn once (image i from
 * {@code SplittableRandom(i)}), clipped to [0, 1]: the Poisson count's Cornish-Fisher expansion to its skewness
 * ({@code k = l + sqrt(l) z + (z^2 - 1) / 6} for mean {@code l = x / a}, times a), so mean x, variance {@code a x}
 * and the skewness of {@link NoiseModel.PoissonGaussian}'s draw.
 */
final class GammaNoiseProfile {

    /** Noise-for-gamma passes per candidate stop when photons change by less than this share, or after {@link #PASSES}. */
    private static final double SETTLED = 0.005;
    private static final int PASSES = 8;
    static final double SPAN = 0.35;
    static final double GRID = 0.05;
    private static final double MIN_GAMMA = 0.4;
    private static final double MAX_GAMMA = 2.5;

    /** One candidate gamma: its transfer, the noise consistent with it, and the quantiles' rms residual. */
    record Point(double gamma, IntensityFit.Estimate curve, NoiseModel noise, double quantileRms) {
    }

    private final List<Image> target;
    private final List<Image> base;
    private final float[][] normals;
    private final double[] sourceNoise;

    /**
     * @param base        the source rendered through the fitted profile before noise (vignetting, blur, resampling)
     * @param sourceNoise the noise line of the source as blurred and resampled (what the site's noise adds to)
     */
    GammaNoiseProfile(List<Image> base, List<Image> target, double[] sourceNoise) {
        this.target = target;
        this.base = base;
        this.sourceNoise = sourceNoise;
        this.normals = new float[base.size()][];
        for (int i = 0; i < base.size(); i++) {
            SplittableRandom random = new SplittableRandom(i);
            normals[i] = new float[base.get(i).pixels().length];
            for (int p = 0; p < normals[i].length; p++) {
                normals[i][p] = (float) random.nextGaussian();
            }
        }
    }

    /**
     * The best gamma within {@value #SPAN} of {@code start}, the grid carried on past an end while the best lies there
     * (within [.4, 2.5]), its noise found from {@code noise}.
     */
    Point fit(double start, NoiseModel noise) {
        List<Point> grid = new ArrayList<>();
        NoiseModel warm = noise;
        for (double gamma = Math.max(MIN_GAMMA, start - SPAN); gamma <= Math.min(MAX_GAMMA, start + SPAN) + 1e-9;
                gamma += GRID) {
            grid.add(at(gamma, warm));
            warm = grid.getLast().noise(); // the next candidate starts from this one's noise: fewer passes
        }
        Point best = best(grid);
        // measured: gamma 2 at 80 photons started from 1.57, and the best of the first grid was its upper end
        while (best == grid.getLast() && best.gamma() + GRID <= MAX_GAMMA + 1e-9) {
            grid.add(at(best.gamma() + GRID, best.noise()));
            best = best(grid);
        }
        while (best == grid.getFirst() && best.gamma() - GRID >= MIN_GAMMA - 1e-9) {
            grid.addFirst(at(best.gamma() - GRID, best.noise()));
            best = best(grid);
        }
        NoiseModel near = best.noise();
        double centre = best.gamma();
        double refined = new BrentOptimizer(1e-6, 1e-3).optimize(new MaxEval(50), GoalType.MINIMIZE,
                new UnivariateObjectiveFunction(gamma -> at(gamma, near).quantileRms()),
                new SearchInterval(Math.max(MIN_GAMMA, centre - GRID), Math.min(MAX_GAMMA, centre + GRID), centre))
                .getPoint();
        Point point = at(refined, near);
        return point.quantileRms() < best.quantileRms() ? point : best;
    }

    private static Point best(List<Point> points) {
        Point best = points.getFirst();
        for (Point point : points) {
            if (point.quantileRms() < best.quantileRms()) {
                best = point;
            }
        }
        return best;
    }

    /**
     * The candidate {@code gamma} and the noise consistent with it, from {@code start}: gain and offset at that gamma
     * against the source rendered with the noise, the noise mapped back through them, until the photons settle.
     */
    Point at(double gamma, NoiseModel start) {
        NoiseModel noise = start;
        IntensityFit.Estimate curve = IntensityFit.fit(render(noise), target, false, gamma);
        for (int pass = 0; pass < PASSES; pass++) {
            NoiseModel next = mappedBack(curve);
            boolean settled = Math.abs(photons(next) - photons(noise)) <= SETTLED * photons(noise);
            noise = next;
            curve = IntensityFit.fit(render(noise), target, false, gamma);
            if (settled) {
                break;
            }
        }
        return new Point(gamma, curve, noise, curve.rmsResidual());
    }

    private static double photons(NoiseModel noise) {
        return noise instanceof NoiseModel.PoissonGaussian pg ? pg.photons() : Double.POSITIVE_INFINITY;
    }

    /**
     * The noise the site adds, from the target mapped back through {@code curve}, with the read-out held at 0 (see the
     * class comment): none when the target is not noisier.
     */
    NoiseModel mappedBack(IntensityFit.Estimate curve) {
        double[] targetNoise = SiteFit.noiseLine(IntensityFit.linearised(target, curve));
        double level = targetNoise[2];
        double variance = (targetNoise[0] - sourceNoise[0]) * level + targetNoise[1] - sourceNoise[1];
        return variance > 0 ? new NoiseModel.PoissonGaussian(level / variance, 0) : new NoiseModel.None();
    }

    /** The base with the smooth Poisson stand-in (see the class comment), common random numbers. */
    List<Image> render(NoiseModel noise) {
        double a = noise instanceof NoiseModel.PoissonGaussian pg ? 1 / pg.photons() : 0;
        List<Image> out = new ArrayList<>(base.size());
        for (int i = 0; i < base.size(); i++) {
            float[] x = base.get(i).pixels();
            float[] y = new float[x.length];
            float[] z = normals[i];
            for (int p = 0; p < x.length; p++) {
                double level = Math.max(x[p], 0);
                y[p] = (float) Math.clamp(level + Math.sqrt(a * level) * z[p] + a * (z[p] * z[p] - 1) / 6, 0.0, 1.0);
            }
            out.add(new Image(base.get(i).shape(), y));
        }
        return out;
    }
}
