package org.medrobust.perturbations.site;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.SequencedMap;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageShape;

/**
 * The colour part of {@link SiteFit} for RGB slides: the lab's stains (profile step 0a). Macenko et al. 2009
 * ({@link MacenkoStain#estimate}, as torchstain and HEnorm_python) is run on the pooled source images and on the pooled
 * target images (all their pixels as one slide, so that the 1st/99th-percentile angles and the 99th-percentile maxima
 * are the collection's, not one slide's). The target's stains are reported as the profile's {@code stain} only where
 * <ul>
 *   <li>they differ from the source's: an H or E vector more than {@value #SHIFT_DEGREES} degrees from the source's,
 *       or a maximum concentration more than {@value #SHIFT_MAX} (relative) from it; and</li>
 *   <li>the target's even and odd images, estimated alone, agree: vectors within {@value #AGREEMENT_DEGREES} degrees,
 *       maxima within {@value #MAX_AGREEMENT} (relative).</li>
 * </ul>
 * Otherwise the stain stays neutral with a one-line reason, as the gray parameters do. The rendering check is in the
 * diagnostics: the source rendered through the fitted stain ({@link MacenkoStain#normalize} per slide) and estimated
 * again. The stain variation (step 0b) is {@link StainJitterFit}'s, against the source in the fitted stain; the gray
 * steps are left neutral with one line.
 */
final class StainFit {

    /** Vectors further apart than this (degrees) are a different lab's stain. */
    static final double SHIFT_DEGREES = 2;
    /** Maxima further apart than this (relative) are a different lab's staining strength. */
    static final double SHIFT_MAX = 0.1;
    /** The target's two halves must agree this well (degrees) for a stain to be reported. */
    static final double AGREEMENT_DEGREES = 2;
    static final double MAX_AGREEMENT = 0.1;
    /** Pixels pooled per collection at most (images taken at an even stride beyond it): bounds memory. */
    static final int PIXEL_BUDGET = 1 << 20;

    private StainFit() {
    }

    static SiteFit.Fitted fit(String name, String modality, List<Image> source, List<Image> target) {
        SequencedMap<String, Object> diagnostics = new LinkedHashMap<>();
        List<String> notFitted = new ArrayList<>();
        diagnostics.put("sourceImages", source.size());
        diagnostics.put("targetImages", target.size());
        MacenkoStain.Stains fitted = stain(source, target, diagnostics, notFitted);
        // the target's slides before their jitter: the source in the fitted lab's stain
        List<Image> prior = fitted == null ? source
                : SiteFit.render(new SiteProfile("prior", null, null, null, null, 0, 1, 0, 0, 0, fitted), source);
        double theta = jitter(prior, target, diagnostics, notFitted);
        notFitted.add("vignetting, noise, psfSigma, resampling, intensity and jpegQuality (fitted on gray images only;"
                + " an RGB fit gives the stain alone)");
        SiteProfile profile = new SiteProfile(name, modality, String.format(Locale.ROOT,
                "fitted by medrobust site fit from %d source and %d target RGB images", source.size(), target.size()),
                null, null, 0, 1, 0, 0, theta, fitted);
        return new SiteFit.Fitted(profile, diagnostics, notFitted);
    }

    /** The target's stains where they are a shift and identifiable, else null with the reason in {@code notFitted}. */
    private static MacenkoStain.Stains stain(List<Image> source, List<Image> target,
            SequencedMap<String, Object> diagnostics, List<String> notFitted) {
        MacenkoStain.Stains own = estimate(source);
        MacenkoStain.Stains site = estimate(target);
        if (own == null || site == null) {
            notFitted.add("stain (no stained pixels in the " + (own == null ? "source" : "target") + ": Macenko needs"
                    + " optical density >= " + MacenkoStain.OD_THRESHOLD + " in every channel)");
            return null;
        }
        List<List<Image>> halves = SiteFit.halves(target);
        MacenkoStain.Stains first = estimate(halves.get(0));
        MacenkoStain.Stains second = estimate(halves.get(1));
        diagnostics.put("stain of the source", describe(own));
        diagnostics.put("stain of the target", describe(site));
        double[] shift = differences(own, site);
        diagnostics.put("stain target vs source (H deg, E deg, maxH, maxE relative)", format(shift));
        if (first == null || second == null) {
            notFitted.add("stain (not identifiable: one half of the target has no stained pixels)");
            return null;
        }
        double[] apart = differences(first, second);
        diagnostics.put("stain halves of the target (H deg, E deg, maxH, maxE relative)", format(apart));
        if (shift[0] <= SHIFT_DEGREES && shift[1] <= SHIFT_DEGREES && shift[2] <= SHIFT_MAX && shift[3] <= SHIFT_MAX) {
            notFitted.add(String.format(Locale.ROOT, "stain (the target's Macenko stains are the source's: H %.1f and"
                    + " E %.1f degrees apart, within %.0f; maxima %.3f and %.3f apart, within %.2f)", shift[0], shift[1],
                    SHIFT_DEGREES, shift[2], shift[3], SHIFT_MAX));
            return null;
        }
        if (apart[0] > AGREEMENT_DEGREES || apart[1] > AGREEMENT_DEGREES || apart[2] > MAX_AGREEMENT
                || apart[3] > MAX_AGREEMENT) {
            notFitted.add(String.format(Locale.ROOT, "stain (not identifiable: two halves of the target differ by H %.1f"
                    + " and E %.1f degrees, maxima %.3f and %.3f; allowed %.0f degrees and %.2f)", apart[0], apart[1],
                    apart[2], apart[3], AGREEMENT_DEGREES, MAX_AGREEMENT));
            return null;
        }
        MacenkoStain.Stains rendered = estimate(SiteFit.render(new SiteProfile("check", null, null, null, null, 0, 1, 0,
                0, 0, site), source));
        if (rendered != null) {
            diagnostics.put("stain source rendered through the fit vs target (H deg, E deg, maxH, maxE relative)",
                    format(differences(rendered, site)));
        }
        return site;
    }

    /** The stain jitter's theta where the target varies more and its halves agree ({@link StainJitterFit}), else 0. */
    private static double jitter(List<Image> prior, List<Image> target, SequencedMap<String, Object> diagnostics,
            List<String> notFitted) {
        StainJitterFit.Estimate all = StainJitterFit.fit(prior, target);
        diagnostics.put("stainJitter (theta; variance ratios H, E; F-test p)", String.format(Locale.ROOT,
                "%.3f; %.2f, %.2f; %.4f, %.4f", all.theta(), all.varianceRatio()[0], all.varianceRatio()[1],
                all.p()[0], all.p()[1]));
        if (!all.significant() || Double.isNaN(all.theta())) {
            notFitted.add(String.format(Locale.ROOT, "stainJitter (the target's slides vary no more than the source's"
                    + " in their HED densities: variance ratios H %.2f, E %.2f, one-sided F test p %.3f and %.3f, not"
                    + " below %.2f)", all.varianceRatio()[0], all.varianceRatio()[1], all.p()[0], all.p()[1],
                    StainJitterFit.F_LEVEL));
            return 0;
        }
        if (all.theta() < StainJitterFit.MIN_THETA) {
            notFitted.add(String.format(Locale.ROOT, "stainJitter (fitted %.4f, below %.2f: none; Tellez's light"
                    + " jitter is .05)", all.theta(), StainJitterFit.MIN_THETA));
            return 0;
        }
        List<List<Image>> halves = SiteFit.halves(target);
        double first = StainJitterFit.fit(prior, halves.get(0)).theta();
        double second = StainJitterFit.fit(prior, halves.get(1)).theta();
        diagnostics.put("stainJitter halves", String.format(Locale.ROOT, "%.3f and %.3f", first, second));
        double allowed = Math.max(StainJitterFit.THETA_AGREEMENT, all.theta() / 4);
        if (!(Math.abs(first - second) <= allowed)) { // NaN: a half varies no more than the source
            notFitted.add(String.format(Locale.ROOT, "stainJitter (not identifiable: two halves of the target fit %.3f"
                    + " and %.3f, allowed %.3f apart)", first, second, allowed));
            return 0;
        }
        return Math.min(all.theta(), 1);
    }

    /** {H angle, E angle (degrees), |maxH ratio - 1|, |maxE ratio - 1|} of b against a. */
    static double[] differences(MacenkoStain.Stains a, MacenkoStain.Stains b) {
        return new double[] {degrees(a.hematoxylin(), b.hematoxylin()), degrees(a.eosin(), b.eosin()),
            Math.abs(b.maxHematoxylin() / a.maxHematoxylin() - 1), Math.abs(b.maxEosin() / a.maxEosin() - 1)};
    }

    /** Angle between two unit vectors in degrees. */
    static double degrees(double[] u, double[] v) {
        double dot = u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
        return Math.toDegrees(StrictMath.acos(Math.clamp(dot, -1.0, 1.0)));
    }

    /** Macenko's stains of the images' pooled pixels (within {@link #PIXEL_BUDGET}), or null without stained pixels. */
    static MacenkoStain.Stains estimate(List<Image> images) {
        if (images.isEmpty()) {
            return null;
        }
        ImageShape shape = images.getFirst().shape();
        int plane = shape.height() * shape.width();
        int keep = Math.max(1, Math.min(images.size(), PIXEL_BUDGET / plane));
        float[] pooled = new float[3 * keep * plane];
        List<Image> subset = SiteFit.evenlySpaced(images, keep);
        for (int i = 0; i < keep; i++) {
            float[] x = subset.get(i).pixels();
            for (int c = 0; c < 3; c++) {
                System.arraycopy(x, c * plane, pooled, (c * keep + i) * plane, plane);
            }
        }
        try {
            return MacenkoStain.estimate(new Image(new ImageShape(3, keep * shape.height(), shape.width()), pooled));
        } catch (IllegalArgumentException unstained) {
            return null;
        }
    }

    private static String describe(MacenkoStain.Stains s) {
        return String.format(Locale.ROOT, "H [%.4f, %.4f, %.4f], E [%.4f, %.4f, %.4f], maxH %.4f, maxE %.4f",
                s.hematoxylin()[0], s.hematoxylin()[1], s.hematoxylin()[2], s.eosin()[0], s.eosin()[1], s.eosin()[2],
                s.maxHematoxylin(), s.maxEosin());
    }

    private static String format(double[] d) {
        return String.format(Locale.ROOT, "%.2f, %.2f, %.3f, %.3f", d[0], d[1], d[2], d[3]);
    }
}
