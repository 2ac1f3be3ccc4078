package org.medrobust.perturbations.site;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.SequencedMap;
import java.util.SplittableRandom;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.perturbations.physics.BiasField;

/**
 * {@code site fit}: estimates the site profile that turns a source collection (the test set a model was validated
 * on) into the look of a target site (images from the hospital it will be deployed to), so that the test set can be
 * rendered as that site. Both collections are gray images (RGB slides: {@link StainFit}, the lab's stain) of one
 * size and of the same kind of anatomy; they need not
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
 *   <li><b>point-spread blur and resampling</b> by analysis by synthesis ({@link ResolutionFit}), then the noise again
 *       against the source rendered through them;</li>
 *   <li><b>window, level, gamma, gain and offset</b> from the pooled grey-level quantiles against the source rendered
 *       through the rest of the profile ({@link IntensityFit}; a window only where the target's histogram shows its
 *       clipping), then the noise again on the target mapped back through the transfer, and where the transfer clips,
 *       by synthesis ({@link NoiseSynthesis}: clipping truncates the noise near the ends); a gamma without a window
 *       is fitted with its noise as one objective ({@link GammaNoiseProfile}: the read-out held at 0);</li>
 *   <li><b>JPEG quality</b> from the files' quantisation tables when given, else from the lattice of the pixels' DCT
 *       coefficients ({@link JpegTraces}; not where the source rendered through the profile lies on the same
 *       lattice), else from the 8 x 8 blockiness ({@link JpegPixelFit}); next to a quality this size does not show as
 *       blocking, a fitted PSF is fitted again through the whole profile, noise and JPEG included
 *       ({@link ResolutionFit#throughProfile}).</li>
 * </ol>
 * A parameter is reported only where it is identifiable; otherwise it stays neutral with a one-line reason in
 * {@link Fitted#notFitted}: the target is split into its even and odd images, each half fitted alone, and blur
 * (halves within .2 px, same factor), gamma (within .1) and JPEG quality (within 10) must agree; a PSF under .4 px is
 * reported as none; a JPEG quality whose blocking the size can show makes blur and resampling unidentifiable, and so
 * does a source whose own two halves, unblurred, fit a PSF of {@value #SELF_SIGMA} px or more against each other (its
 * fine structure varies between samples: the phantoms); window and level only where clipping shows them, their edges
 * agreeing within .05 between the halves (see {@link IntensityFit}), and not next to a known JPEG quality (it smears
 * the clipped ends). The residual of structure under the Immerkaer filter is the
 * same in both collections to first order and cancels in the differences.
 */
public final class SiteFit {

    /** What was fitted, with the numbers behind it. */
    public record Fitted(SiteProfile profile, SequencedMap<String, Object> diagnostics, List<String> notFitted) {
    }

    private static final double LOW_LEVEL = 0.1;
    private static final double HIGH_LEVEL = 0.9;
    private static final double MAX_VIGNETTING = 2;
    private static final double VIGNETTING_STEP = 0.005;
    /** Two halves of the target must agree this well for a parameter to be reported (else it stays neutral). */
    static final double SIGMA_AGREEMENT = 0.2;
    /** Narrower PSFs are reported as none (see the not-fitted line). */
    static final double MIN_SIGMA = 0.4;
    /**
     * Blur is refused when the source's two halves, both unblurred, fit a PSF this wide against each other (either
     * way round): measured .44 and .48 px on the shipped X-rays, .72-.80 on 28 px phantoms, 1.2-1.5 on 64 px.
     */
    static final double SELF_SIGMA = 0.6;
    static final double GAMMA_AGREEMENT = 0.1;
    static final int QUALITY_AGREEMENT = 10;
    /** Two halves' window edges (lo, hi in source units) must agree this well for a window to be reported. */
    static final double EDGE_AGREEMENT = 0.05;

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
        if (shape.channels() == 3) {
            return StainFit.fit(name, modality, source, target); // RGB slides: the lab's stain (StainFit)
        }
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
        SequencedMap<String, Object> diagnostics = new LinkedHashMap<>();
        List<String> notFitted = new ArrayList<>();
        diagnostics.put("sourceImages", source.size());
        diagnostics.put("targetImages", target.size());
        diagnostics.put("meanImageRmsResidual", Math.sqrt(best[2] / sourceMean.length));
        List<List<Image>> halves = halves(target);
        int quality = jpegQuality == null ? 0 : jpegQuality;
        if (jpegQuality != null) {
            diagnostics.put("jpegQuality", jpegQuality + " (the target files' quantisation tables)");
        }

        double[] resolution = resolution(source, target, halves, bestV, diagnostics, notFitted);
        IntensityTransfer linear = new IntensityTransfer(1, 1, 0.5, gain, offset);
        IntensityFit.Estimate linearCurve = new IntensityFit.Estimate(linear, Double.NaN, Double.NaN, Double.NaN);
        NoiseModel noise = noise(source, target, resolution, linearCurve);
        IntensityTransfer intensity = linear;
        boolean windowReported = false;
        GammaNoiseProfile.Point joint = null;
        // twice: the first noise estimate assumed a linear transfer; the second is made on the target mapped back
        // through the fitted one, and the source rendered with it gives the quantiles the second gamma is fitted to;
        // a gamma without a window is fitted with its noise as one objective in between (GammaNoiseProfile)
        int passes = 2;
        for (int pass = 0; pass < passes; pass++) {
            List<Image> rendered = render(new SiteProfile(name, modality, null, null, noise, resolution[0],
                    resolution[1], bestV, 0, 0), source);
            notFitted.removeIf(line -> line.startsWith("gamma") || line.startsWith("window"));
            IntensityFit.Estimate[] curves = curves(rendered, target, halves, true, Double.NaN);
            if (joint != null) {
                curves[0] = joint.curve(); // the halves are fitted against the rendering with the joint noise
            }
            String windowNote = windowNote(curves);
            if (windowNote != null) {
                notFitted.add(windowNote);
                if (curves[0].windowed()) {
                    curves = curves(rendered, target, halves, false, Double.NaN);
                }
            }
            IntensityFit.Estimate curve = curves[0];
            double gamma = curve.transfer().gamma();
            double gammaFirst = curves[1].transfer().gamma();
            double gammaSecond = curves[2].transfer().gamma();
            diagnostics.put("gamma (all; halves)", String.format(Locale.ROOT, "%.2f; %.2f and %.2f", gamma,
                    gammaFirst, gammaSecond));
            diagnostics.put("window, level (all; halves)", String.format(Locale.ROOT,
                    "%.3f, %.3f; %.3f, %.3f and %.3f, %.3f", curve.transfer().window(), curve.transfer().level(),
                    curves[1].transfer().window(), curves[1].transfer().level(), curves[2].transfer().window(),
                    curves[2].transfer().level()));
            boolean agree = Math.abs(gammaFirst - gammaSecond) <= GAMMA_AGREEMENT;
            // clipping flattens the mean images' extremes and so biases their line: then the quantiles' (off the clips)
            String lineFrom = curve.clipped() ? "quantiles off the clipped ends" : "mean images";
            IntensityFit.Estimate chosen = curve;
            if (!agree) {
                notFitted.add(String.format(Locale.ROOT, "gamma (not identifiable: two halves of the target fit %.2f"
                        + " and %.2f; gain and offset from the %s)", gammaFirst, gammaSecond, lineFrom));
            } else if (Math.abs(gamma - 1) <= GAMMA_AGREEMENT) {
                notFitted.add(String.format(Locale.ROOT, "gamma (fitted %.2f, within %.1f of 1: not told from a linear"
                        + " transfer, measured 1.04 on the unshifted X-rays; gain and offset from the %s)",
                        gamma, GAMMA_AGREEMENT, lineFrom));
            }
            if (!agree || Math.abs(gamma - 1) <= GAMMA_AGREEMENT) {
                // a window still stands (its clipping is seen whatever the gamma)
                chosen = curve.clipped() ? IntensityFit.fit(rendered, target, curve.windowed(), 1) : linearCurve;
                if (curve.windowed() && !chosen.windowed()) {
                    notFitted.add("window and level (under gamma 1 the target's clipped ends at 0 and 1 are the final"
                            + " clip of a gain and offset, the same map: kept in those, fitted on the quantiles)");
                }
            }
            windowReported = chosen.windowed();
            intensity = chosen.transfer();
            boolean jointNoise = joint != null && chosen == joint.curve();
            if (jointNoise) {
                noise = joint.noise();
            } else if (pass > 0 || chosen != linearCurve) {
                noise = noise(source, target, resolution, chosen);
            }
            if ((chosen.windowed() || chosen.clipped()) && !jointNoise) {
                // the mapped-back estimate is truncated by the clipping: refine by synthesis (not after the joint
                // profile: measured, window .9 with gamma .8 at 40 photons, .01: the profile 46.6 photons, then the
                // synthesis 47.2 and read-out .030)
                noise = NoiseSynthesis.fit(source, target, new SiteProfile(name, modality, null, intensity, null,
                        resolution[0], resolution[1], bestV, 0, 0), noise);
            }
            if (chosen == linearCurve) {
                break;
            }
            if (joint == null && !chosen.windowed() && chosen.transfer().gamma() != 1) {
                joint = jointProfile(source, target, resolution, bestV, chosen.transfer().gamma(), noise, diagnostics);
                noise = joint.noise();
                passes = pass + 2; // one more pass: the halves' gamma against the rendering with this noise
            }
        }
        if (joint != null && intensity.equals(joint.curve().transfer()) && noise instanceof NoiseModel.PoissonGaussian) {
            notFitted.add("readSigma (not identifiable next to a gamma: the noise line's intercept moves with gamma;"
                    + " held at 0, its variance at the mean level counted as photons)");
        }
        if (!windowReported && notFitted.stream().noneMatch(line -> line.startsWith("window"))) {
            notFitted.add("window and level (no clipping beyond the source's: a window without clipping is a gain and"
                    + " offset, kept in those)");
        }

        JpegPixelFit blocks = new JpegPixelFit(source, new SiteProfile(name, modality, null, intensity, noise,
                resolution[0], resolution[1], bestV, 0, 0));
        JpegPixelFit.Estimate jpeg = blocks.fit(target);
        if (jpegQuality == null) {
            JpegPixelFit.Estimate jpegFirst = blocks.fit(halves.get(0));
            JpegPixelFit.Estimate jpegSecond = blocks.fit(halves.get(1));
            diagnostics.put("jpegQuality from pixels (all; halves)", String.format(Locale.ROOT,
                    "%s; %s and %s (blockiness %.3f, %.3f uncompressed; detectable up to quality %d)", name(jpeg),
                    name(jpegFirst), name(jpegSecond), jpeg.blockiness(), jpeg.uncompressedBlockiness(),
                    jpeg.detectionLimit()));
            // the DCT lattice first: it sees qualities up to 90 at any size, the blockiness only where blocks show
            JpegTraces.Estimate traces = JpegTraces.of(target);
            JpegTraces.Estimate tracesFirst = JpegTraces.of(halves.get(0));
            JpegTraces.Estimate tracesSecond = JpegTraces.of(halves.get(1));
            JpegTraces.Estimate own = blocks.renderedTraces();
            diagnostics.put("jpegQuality from the DCT coefficients' lattice (all; halves; the rendered source's)",
                    String.format(Locale.ROOT, "%d; %d and %d; %d (scores %.3f and %.3f, detected from %.1f)",
                            traces.quality(), tracesFirst.quality(), tracesSecond.quality(), own.quality(),
                            traces.score(), own.score(), JpegTraces.DETECTED));
            boolean traced = traces.quality() > 0 && tracesFirst.quality() > 0 && tracesSecond.quality() > 0
                    && Math.abs(tracesFirst.quality() - tracesSecond.quality()) <= QUALITY_AGREEMENT
                    && traces.quality() != own.quality();
            if (traced) {
                quality = traces.quality();
            } else if (jpeg.quality() == 0) {
                notFitted.add(jpeg.detectionLimit() == 0
                        ? "jpegQuality (no quality leaves blocking this size can show)"
                        : String.format(Locale.ROOT, "jpegQuality (no blocking beyond an uncompressed rendering's: none"
                                + " or a quality above %d, the highest this size can show)", jpeg.detectionLimit()));
            } else if (Math.abs(quality(jpegFirst) - quality(jpegSecond)) <= QUALITY_AGREEMENT) {
                quality = jpeg.quality();
            } else {
                notFitted.add(String.format(Locale.ROOT, "jpegQuality (not identifiable from the pixels: two halves"
                        + " of the target fit %s and %s)", name(jpegFirst), name(jpegSecond)));
            }
        }
        if (quality > 0 && !windowReported) {
            // a window shows as point masses at the histogram's ends, which JPEG smears (measured, X-rays at 120
            // photons: the 9 % a window .7 clipped at 230/255 spread over 216-255 under JPEG 75, no level above .8 %)
            notFitted.removeIf(line -> line.startsWith("window"));
            notFitted.add(String.format(Locale.ROOT, "window and level (not identifiable next to JPEG quality %d, which"
                    + " smears a window's clipped ends; the transfer and the noise fitted as if nothing were clipped)",
                    quality));
        }
        if (quality > jpeg.detectionLimit() && resolution[0] > 0 && resolution[1] == 1) {
            // not with resampling: xray_moderate (PSF .7 x 1.5 under JPEG 75) fitted .24 px this way, .80 without
            resolution = blurThroughJpeg(source, target, halves, new SiteProfile(name, modality, null, intensity, noise,
                    resolution[0], resolution[1], bestV, quality, 0), diagnostics, notFitted);
        }
        if (quality > 0 && quality <= jpeg.detectionLimit()) {
            // measured: a PSF of 1.2 px under JPEG 40 fitted 0 px (its blocks read as sharp edges), and rendering
            // the candidates through JPEG as well fitted 2.46 px x 3: blur is not separable from visible blocking
            notFitted.removeIf(line -> line.startsWith("psfSigma"));
            notFitted.add(String.format(Locale.ROOT, "psfSigma and resampling (not identifiable next to JPEG quality %d,"
                    + " whose blocks this size shows; fitted %.2f px x %.2f)", quality, resolution[0], resolution[1]));
            resolution = new double[] {0, 1};
            if (!windowReported) {
                // measured (SiteFitProbe cases 15, 21, 23, 32-35): next to visible blocking the quantiles and the noise
                // line are those of the compressed pixels: gamma 1.15-1.26 for 1, photons 770-3329 for 120 and 83-461
                // for 40. The mean images are what JPEG keeps.
                notFitted.removeIf(line -> line.startsWith("gamma"));
                notFitted.add(String.format(Locale.ROOT, "gamma (not identifiable next to JPEG quality %d, whose"
                        + " quantisation moves the grey-level quantiles; fitted %.2f; gain and offset from the mean"
                        + " images)", quality, intensity.gamma()));
                notFitted.add(String.format(Locale.ROOT, "noise (not identifiable next to JPEG quality %d, which removes"
                        + " noise; fitted %s)", quality, noise instanceof NoiseModel.PoissonGaussian pg
                        ? String.format(Locale.ROOT, "%.1f photons, read-out %.3f", pg.photons(), pg.readSigma())
                        : "none"));
                intensity = linear;
                noise = new NoiseModel.None();
            }
        }
        SiteProfile profile = new SiteProfile(name, modality, String.format(Locale.ROOT,
                "fitted by medrobust site fit from %d source and %d target images", source.size(), target.size()),
                intensity, noise, resolution[0], resolution[1], bestV, quality, 0);
        notFitted.add("stainJitter (gray images)");
        return new Fitted(profile, diagnostics, notFitted);
    }

    /**
     * {psfSigma, resampling} by {@link ResolutionFit}, neutral
     * when two halves of the target disagree or the PSF is below {@link #MIN_SIGMA}; says so in {@code notFitted}.
     */
    private static double[] resolution(List<Image> source, List<Image> target, List<List<Image>> halves,
            double vignetting, SequencedMap<String, Object> diagnostics, List<String> notFitted) {
        List<List<Image>> sourceHalves = halves(source);
        ResolutionFit.Estimate selfFirst = new ResolutionFit(sourceHalves.get(0), 0).fit(sourceHalves.get(1));
        ResolutionFit.Estimate selfSecond = new ResolutionFit(sourceHalves.get(1), 0).fit(sourceHalves.get(0));
        double self = Math.max(selfFirst.psfSigma(), selfSecond.psfSigma());
        diagnostics.put("psfSigma of the source's halves against each other", String.format(Locale.ROOT,
                "%.2f px x %.2f and %.2f px x %.2f", selfFirst.psfSigma(), selfFirst.resampling(), selfSecond.psfSigma(),
                selfSecond.resampling()));
        if (self >= SELF_SIGMA) {
            // measured: the phantoms' fine structure is per-image white noise of a random level, so two samples of
            // one collection differ in it and an unblurred target fitted .7 px (28 px) or 2.4 px (64 px)
            notFitted.add(String.format(Locale.ROOT, "psfSigma and resampling (not identifiable: two halves of the"
                    + " source itself, unblurred, fit %.2f px against each other; its fine structure varies too much"
                    + " between samples to tell blur from another collection)", self));
            return new double[] {0, 1};
        }
        ResolutionFit fit = new ResolutionFit(source, vignetting);
        ResolutionFit.Estimate all = fit.fit(target);
        ResolutionFit.Estimate first = fit.fit(halves.get(0));
        ResolutionFit.Estimate second = fit.fit(halves.get(1));
        diagnostics.put("psfSigma, resampling (all; halves)", String.format(Locale.ROOT,
                "%.2f px, %.2f; %.2f px, %.2f and %.2f px, %.2f", all.psfSigma(), all.resampling(),
                first.psfSigma(), first.resampling(), second.psfSigma(), second.resampling()));
        if (Math.abs(Math.max(first.psfSigma(), MIN_SIGMA) - Math.max(second.psfSigma(), MIN_SIGMA)) > SIGMA_AGREEMENT
                || first.resampling() != second.resampling() || all.resampling() != first.resampling()) {
            notFitted.add(String.format(Locale.ROOT, "psfSigma and resampling (not identifiable: two halves of the"
                    + " target fit %.2f px x %.2f and %.2f px x %.2f)", first.psfSigma(), first.resampling(),
                    second.psfSigma(), second.resampling()));
            return new double[] {0, 1};
        }
        if (all.psfSigma() < MIN_SIGMA && all.psfSigma() > 0) {
            notFitted.add(String.format(Locale.ROOT, "psfSigma (fitted %.2f px, below %.1f px: a sampled Gaussian"
                    + " that narrow moves a neighbour by under 5 %%, not told from none)", all.psfSigma(), MIN_SIGMA));
            return new double[] {0, all.resampling()};
        }
        return new double[] {all.psfSigma(), all.resampling()};
    }

    /** Gamma and the noise as one objective ({@link GammaNoiseProfile}), from the quantile fit's {@code gamma}. */
    private static GammaNoiseProfile.Point jointProfile(List<Image> source, List<Image> target, double[] resolution,
            double vignetting, double gamma, NoiseModel noise, SequencedMap<String, Object> diagnostics) {
        List<Image> base = render(new SiteProfile("base", null, null, null, null, resolution[0], resolution[1],
                vignetting, 0, 0), source);
        GammaNoiseProfile.Point joint = new GammaNoiseProfile(base, target,
                noiseLine(ResolutionFit.render(source, resolution[0], resolution[1]))).fit(gamma, noise);
        diagnostics.put("gamma with its noise (joint profile)", String.format(Locale.ROOT, "%.3f, %s (quantile rms"
                + " %.5f; started from gamma %.2f)", joint.gamma(), joint.noise() instanceof NoiseModel.PoissonGaussian n
                ? String.format(Locale.ROOT, "%.1f photons", n.photons()) : "no noise added", joint.quantileRms(), gamma));
        return joint;
    }

    /**
     * The Poisson-Gaussian noise the site adds, from the noise lines of the target mapped back through {@code transfer}
     * (gain and offset when gamma is 1) and of the source blurred and resampled as the site does (blur lowers the
     * structure's share of Immerkaer's residual; the source's own noise is blurred with it): {@code a = a_t - a_s},
     * {@code b = b_t - b_s} in source units; none when the target is not noisier.
     */
    private static NoiseModel noise(List<Image> source, List<Image> target, double[] resolution,
            IntensityFit.Estimate curve) {
        IntensityTransfer transfer = curve.transfer();
        double[] sourceNoise = noiseLine(ResolutionFit.render(source, resolution[0], resolution[1]));
        double a;
        double b;
        if (transfer.gamma() == 1 && !curve.windowed() && !curve.clipped()) {
            double[] targetNoise = noiseLine(target);
            a = targetNoise[0] / transfer.gain() - sourceNoise[0];
            b = (targetNoise[1] + targetNoise[0] * transfer.offset()) / (transfer.gain() * transfer.gain())
                    - sourceNoise[1];
        } else {
            double[] targetNoise = noiseLine(IntensityFit.linearised(target, curve));
            a = targetNoise[0] - sourceNoise[0];
            b = targetNoise[1] - sourceNoise[1];
        }
        return a > 0 ? new NoiseModel.PoissonGaussian(1 / a, Math.sqrt(Math.max(b, 0))) : new NoiseModel.None();
    }

    /** The intensity fit of the whole target and of its two halves. */
    private static IntensityFit.Estimate[] curves(List<Image> rendered, List<Image> target, List<List<Image>> halves,
            boolean window, double gamma) {
        return new IntensityFit.Estimate[] {IntensityFit.fit(rendered, target, window, gamma),
            IntensityFit.fit(rendered, halves.get(0), window, gamma),
            IntensityFit.fit(rendered, halves.get(1), window, gamma)};
    }

    /**
     * Why the window is not reported although an end of the target is clipped, or null: the halves disagree on it
     * (windowed or not, or edges more than {@value #EDGE_AGREEMENT} apart), or gain and offset explain the clipping at
     * 0 or 1 as well (a window there is nearly the same map: {@link IntensityFit}).
     */
    private static String windowNote(IntensityFit.Estimate[] curves) {
        IntensityFit.Estimate all = curves[0];
        IntensityFit.Estimate first = curves[1];
        IntensityFit.Estimate second = curves[2];
        if (all.windowed() || first.windowed() || second.windowed()) {
            boolean agree = all.windowed() == first.windowed() && first.windowed() == second.windowed()
                    && Math.abs(first.lo() - second.lo()) <= EDGE_AGREEMENT
                    && Math.abs(first.hi() - second.hi()) <= EDGE_AGREEMENT;
            return agree ? null : String.format(Locale.ROOT, "window and level (not identifiable: two halves of the"
                    + " target fit [%.3f, %.3f] and [%.3f, %.3f])", first.lo(), first.hi(), second.lo(), second.hi());
        }
        if (!Double.isNaN(all.clipLow()) || !Double.isNaN(all.clipHigh())) {
            return "window and level (the target's clipped ends lie at 0 or 1, where gain and offset with the fitted"
                    + " gamma clip alike within the quantiles' precision: kept in those, fitted on the quantiles)";
        }
        return null;
    }

    /**
     * Blur next to a JPEG quality this size does not show as blocking (known from the files' tables): JPEG drops high
     * frequencies as a PSF does, more the stronger the noise (measured: noise alone at 40 photons under JPEG 85 and 75
     * fitted .52 and .72 px; a PSF of 1.2 px under JPEG 85 fitted 1.68 px), so the PSF is fitted again by analysis by
     * synthesis through the whole profile, noise and JPEG included ({@link ResolutionFit#throughProfile}: 0 to 2.4 px in
     * steps of .2, then .04 within .2 of the best), on the target and on its two halves, which must agree within {@value #SIGMA_AGREEMENT} px; under {@value #MIN_SIGMA} px it is none.
     */
    private static double[] blurThroughJpeg(List<Image> source, List<Image> target, List<List<Image>> halves,
            SiteProfile profile, SequencedMap<String, Object> diagnostics, List<String> notFitted) {
        // one fit for the three: the candidates' renderings (the costly part) are the same for each
        ResolutionFit fit = ResolutionFit.throughProfile(source, profile);
        double all = fit.fitSigma(target, profile.resampling()).psfSigma();
        double first = fit.fitSigma(halves.get(0), profile.resampling()).psfSigma();
        double second = fit.fitSigma(halves.get(1), profile.resampling()).psfSigma();
        diagnostics.put("psfSigma through JPEG " + profile.jpegQuality() + " with the noise (all; halves)",
                String.format(Locale.ROOT, "%.2f px; %.2f and %.2f px (%.2f px without the JPEG)", all, first, second,
                        profile.psfSigma()));
        if (Math.abs(Math.max(first, MIN_SIGMA) - Math.max(second, MIN_SIGMA)) > SIGMA_AGREEMENT) {
            notFitted.add(String.format(Locale.ROOT, "psfSigma (not identifiable next to JPEG quality %d: rendered"
                    + " through it with the noise, two halves of the target fit %.2f and %.2f px)", profile.jpegQuality(),
                    first, second));
            return new double[] {0, profile.resampling()};
        }
        if (all < MIN_SIGMA) {
            notFitted.add(String.format(Locale.ROOT, "psfSigma (fitted %.2f px, but %.2f px when rendered through JPEG"
                    + " quality %d with the noise: the JPEG's smoothing, not a PSF; below %.1f px, none)",
                    profile.psfSigma(), all, profile.jpegQuality(), MIN_SIGMA));
            return new double[] {0, profile.resampling()};
        }
        return new double[] {all, profile.resampling()};
    }

    /** Uncompressed counts as quality 100 when two halves are compared. */
    private static int quality(JpegPixelFit.Estimate estimate) {
        return estimate.quality() == 0 ? 100 : estimate.quality();
    }

    private static String name(JpegPixelFit.Estimate estimate) {
        return estimate.quality() == 0 ? "none" : String.valueOf(estimate.quality());
    }

    /** The even and the odd images: two independent samples of the target site. */
    static List<List<Image>> halves(List<Image> images) {
        List<Image> even = new ArrayList<>();
        List<Image> odd = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            (i % 2 == 0 ? even : odd).add(images.get(i));
        }
        return List.of(even.isEmpty() ? images : even, odd.isEmpty() ? images : odd);
    }

    /** {@code keep} items at an even stride over {@code items} (item {@code i * size / keep} for i below keep). */
    static <T> List<T> evenlySpaced(List<T> items, int keep) {
        List<T> out = new ArrayList<>(keep);
        for (int i = 0; i < keep; i++) {
            out.add(items.get((int) ((long) i * items.size() / keep)));
        }
        return out;
    }

    /** The source through {@code profile}, image i with stream {@code SplittableRandom(i)}. */
    static List<Image> render(SiteProfile profile, List<Image> source) {
        SiteShift shift = new SiteShift(profile);
        List<Image> out = new ArrayList<>(source.size());
        for (int i = 0; i < source.size(); i++) {
            out.add(shift.apply(source.get(i), new SplittableRandom(i)));
        }
        return out;
    }

    /**
     * {@code var = A level + B} over all images' interior pixels with local level in [0.1, 0.9]: {A, B, the pixels'
     * mean level}.
     */
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
                    if (!(level >= LOW_LEVEL && level <= HIGH_LEVEL)) { // NaN: a clipped pixel in the window
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
        return new double[] {slope, meanVariance - slope * meanLevel, meanLevel};
    }

    private static final int[][] IMMERKAER = {{1, -2, 1}, {-2, 4, -2}, {1, -2, 1}};

    /** {gain, offset, sum of squared residuals} of {@code y = gain u + offset}. */
    static double[] leastSquares(double[] u, double[] y) {
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

    static double[] meanImage(List<Image> images, ImageShape shape) {
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
        if (shape.channels() != 1 && shape.channels() != 3) {
            throw new InvalidInputException("site fit models gray or RGB images; these have " + shape.channels()
                    + " channels");
        }
        int targetChannels = target.getFirst().shape().channels();
        if (targetChannels != shape.channels()) {
            throw new InvalidInputException("site fit needs source and target of one kind: the source images have "
                    + shape.channels() + " channel(s), the target's " + targetChannels + " (gray against RGB)");
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
