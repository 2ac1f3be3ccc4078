package org.medrobust.perturbations.site;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.blur.GaussianBlur;
import org.medrobust.perturbations.ops.Border;
import org.medrobust.perturbations.physics.AnisotropicDownsampling;

/**
 * Point-spread blur and resampling of a target site by analysis by synthesis: the source images are rendered as
 * {@link SiteShift} would (vignetting, then a Gaussian PSF of sigma s, then resampling by factor m) without noise,
 * and the candidate (s, m) whose {@link DifferenceStatistics} explain the target's best is kept. Per candidate the
 * target's statistics T are fitted as {@code alpha S(s, m) + a Lambda + b W} by weighted least squares
 * ({@link RelativeLeastSquares}: weights {@code 1 / T}, so every statistic counts by its relative error; {@code alpha >= 0}):
 * alpha absorbs the gain, a and b the difference in white noise (whatever it is, so blur is not mistaken for noise or
 * the reverse), and the candidate with the least weighted residual wins. Candidates: sigma 0 to 2.4 px in steps of .2, refined to .04 around the best;
 * factors 1, 1.25, 1.5, 1.75, 2, 2.5, 3.
 */
final class ResolutionFit {

    /** A candidate's fit: its parameters and weighted residual. */
    record Estimate(double psfSigma, double resampling, double residual) {
    }

    static final double[] FACTORS = {1, 1.25, 1.5, 1.75, 2, 2.5, 3};
    static final double MAX_SIGMA = 2.4;
    private static final double COARSE = 0.2;
    private static final double FINE = 0.04;
    /** Source pixels rendered per candidate (about 100 images of 28 x 28): bounds the fit's time at any size. */
    static final int PIXEL_BUDGET = 80_000;
    /** ...but never fewer images than this (large images): the source's content varies from image to image. */
    static final int MIN_IMAGES = 32;

    /** Renders the source subset through a candidate PSF sigma and resampling factor. */
    interface Renderer {
        List<Image> render(List<Image> subset, double sigma, double factor);
    }

    private final List<Image> source;
    private final Renderer renderer;

    private final Map<Long, double[]> cache = new HashMap<>();

    /** @param source the source images (gray, one size); an evenly spaced subset within the pixel budget is used */
    ResolutionFit(List<Image> source, double vignetting) {
        this(SiteFit.evenlySpaced(source, Math.min(source.size(),
                        Math.max(MIN_IMAGES, PIXEL_BUDGET / source.getFirst().shape().pixels()))).stream()
                .map(image -> SiteShift.vignetted(image, vignetting)).toList(), ResolutionFit::render);
    }

    private ResolutionFit(List<Image> subset, Renderer renderer) {
        this.source = subset;
        this.renderer = renderer;
    }

    /**
     * Candidates rendered through the whole {@code profile} with its PSF replaced, noise and JPEG included (image i of
     * the subset with stream i, {@link SiteFit#render}): for blur next to a JPEG that smooths as a PSF does. The subset
     * is the one {@link JpegPixelFit} renders (within the pixel budget, at least one image).
     */
    static ResolutionFit throughProfile(List<Image> source, SiteProfile profile) {
        int keep = Math.max(1, Math.min(source.size(), PIXEL_BUDGET / source.getFirst().shape().pixels()));
        return new ResolutionFit(SiteFit.evenlySpaced(source, keep), (subset, sigma, factor) -> SiteFit.render(
                new SiteProfile(profile.name(), profile.modality(), null, profile.intensity(), profile.noise(), sigma,
                        factor, profile.vignetting(), profile.jpegQuality(), 0), subset));
    }

    /** The best candidate for {@code target} (gray images of the source's size, in the target's units). */
    Estimate fit(List<Image> target) {
        return fit(target, FACTORS);
    }

    /** The best PSF at one resampling {@code factor} (the sigma search of {@link #fit(List)}). */
    Estimate fitSigma(List<Image> target, double factor) {
        return fit(target, new double[] {factor});
    }

    private Estimate fit(List<Image> target, double[] factors) {
        int h = target.getFirst().shape().height();
        int w = target.getFirst().shape().width();
        double[] statistics = DifferenceStatistics.of(target);
        double[][] noise = DifferenceStatistics.noiseTerms(SiteFit.meanImage(target, target.getFirst().shape()), h, w);
        Estimate best = null;
        for (double factor : factors) {
            for (int s = 0; s * COARSE <= MAX_SIGMA + 1e-9; s++) {
                best = better(best, candidate(s * COARSE, factor, statistics, noise));
            }
        }
        double centre = best.psfSigma();
        double factor = best.resampling();
        for (double sigma = Math.max(0, centre - COARSE); sigma <= Math.min(MAX_SIGMA, centre + COARSE) + 1e-9;
                sigma += FINE) {
            best = better(best, candidate(Math.round(sigma / FINE) * FINE, factor, statistics, noise));
        }
        return best;
    }

    /** The weighted residual of one candidate. */
    Estimate candidate(double sigma, double factor, double[] statistics, double[][] noise) {
        double[] synthetic = cache.computeIfAbsent(key(sigma, factor), k -> DifferenceStatistics.of(
                renderer.render(source, sigma, factor)));
        return new Estimate(sigma, factor, RelativeLeastSquares.residual(statistics, synthetic, noise));
    }

    /** {@code images} blurred and resampled as {@link SiteShift} does (steps 2 and 3), without noise. */
    static List<Image> render(List<Image> images, double sigma, double factor) {
        List<Image> out = new ArrayList<>(images.size());
        for (Image image : images) {
            Image x = sigma > 0 ? GaussianBlur.blur(image, sigma, Border.REFLECT) : image;
            if (factor > 1) {
                x = AnisotropicDownsampling.resample(AnisotropicDownsampling.resample(x, 0, factor), 1, factor);
            }
            out.add(x);
        }
        return out;
    }

    private static Estimate better(Estimate best, Estimate candidate) {
        return best == null || candidate.residual() < best.residual() ? candidate : best;
    }

    private static long key(double sigma, double factor) {
        return Math.round(sigma / FINE) * 1000 + Math.round(factor * 100);
    }

}
