package org.medrobust.perturbations.site;

import java.util.List;
import org.medrobust.datasets.Image;

/**
 * The Poisson-Gaussian noise of a target site by analysis by synthesis, for a transfer that is not linear or that
 * clips (a window, a strong gamma): there, the noise seen in the target is the detector's noise bent by the transfer
 * and cut at the clipped ends, so neither the target's noise line nor its mapping back through the fitted transfer
 * gives the detector's (clipping truncates the noise of every pixel near an end; measured: a window of .8 with 40
 * photons fitted 57 photons and a read-out sigma of .05 from the mapped-back target). Instead the source is rendered
 * through the fitted profile with candidate noise {@code (a, b)} ({@code a = 1 / photons}, {@code b = readSigma^2}),
 * and {@code (a, b)} is moved until the rendering's noise line (Immerkaer's local variance against the local level,
 * {@link SiteFit#noiseLine}, in the target's own units) equals the target's: Newton steps on the 2 x 2 finite-difference
 * Jacobian, the same noise streams for every candidate (image i with {@code SplittableRandom(i)}), so the differences
 * are smooth. Both lines carry the anatomy's own residual alike and clipping alike, which is what cancels.
 */
final class NoiseSynthesis {

    private static final int STEPS = 3;
    private static final double MIN_A = 1e-4;

    private NoiseSynthesis() {
    }

    /**
     * @param withoutNoise the fitted profile, its noise ignored
     * @param start        the first guess (the mapped-back estimate); none stays none
     */
    static NoiseModel fit(List<Image> source, List<Image> target, SiteProfile withoutNoise, NoiseModel start) {
        if (!(start instanceof NoiseModel.PoissonGaussian first)) {
            return start;
        }
        double[] goal = SiteFit.noiseLine(target);
        double a = 1 / first.photons();
        double b = first.readSigma() * first.readSigma();
        for (int step = 0; step < STEPS; step++) {
            double[] at = line(source, withoutNoise, a, b);
            double da = 0.1 * a;
            double db = Math.max(0.1 * b, 1e-5);
            double[] pa = line(source, withoutNoise, a + da, b);
            double[] pb = line(source, withoutNoise, a, b + db);
            double j00 = (pa[0] - at[0]) / da;
            double j10 = (pa[1] - at[1]) / da;
            double j01 = (pb[0] - at[0]) / db;
            double j11 = (pb[1] - at[1]) / db;
            double det = j00 * j11 - j01 * j10;
            if (!(Math.abs(det) > 0)) {
                break;
            }
            double r0 = goal[0] - at[0];
            double r1 = goal[1] - at[1];
            // damped: at most halve or double a per step, so one poor Jacobian cannot throw the estimate away
            a = Math.clamp(a + (j11 * r0 - j01 * r1) / det, Math.max(a / 2, MIN_A), 2 * a);
            b = Math.max(b + (j00 * r1 - j10 * r0) / det, 0);
        }
        return new NoiseModel.PoissonGaussian(1 / a, Math.sqrt(b));
    }

    private static double[] line(List<Image> source, SiteProfile p, double a, double b) {
        SiteProfile candidate = new SiteProfile(p.name(), p.modality(), null, p.intensity(),
                new NoiseModel.PoissonGaussian(1 / a, Math.sqrt(b)), p.psfSigma(), p.resampling(), p.vignetting(), 0, 0);
        return SiteFit.noiseLine(SiteFit.render(candidate, source));
    }
}
