package org.medrobust.perturbations.site;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.ops.Jpeg;

/**
 * The JPEG quality a target site's images went through, from their pixels (files that are no longer JPEGs: PNG
 * exports of once-compressed images), by analysis by synthesis on {@link Blockiness}: the source images are rendered
 * through the rest of the fitted profile (noise drawn from fixed seeds) and re-compressed at each candidate quality,
 * and the quality whose pooled blockiness is nearest the target's (in log ratio) is kept; "none" is a candidate.
 * Assumes the target's 8 x 8 grid starts at the top-left pixel (images not cropped or shifted after compression).
 */
final class JpegPixelFit {

    /** Candidate qualities, 0 = not compressed. */
    static final int[] QUALITIES = {0, 95, 90, 85, 80, 75, 70, 65, 60, 55, 50, 45, 40, 35, 30, 25, 20, 15, 10};

    /**
     * The blockiness of the source rendered at a candidate quality must exceed the uncompressed rendering's by this
     * factor to be told from it (a ln ratio of .1; at 28 x 28 the uncompressed blockiness of two halves of a
     * collection differs by a few per cent).
     */
    static final double DETECTABLE = Math.exp(0.1);

    /**
     * The kept quality (0: no blockiness beyond {@link #DETECTABLE} times the uncompressed rendering's, so none or a
     * quality above {@code detectionLimit}), the target's blockiness, that of the source rendered without JPEG, and
     * the highest candidate quality whose rendering is detectably blocky (0 if none is).
     */
    record Estimate(int quality, double blockiness, double uncompressedBlockiness, int detectionLimit) {
    }

    private final double[] synthetic = new double[QUALITIES.length];
    private final JpegTraces.Estimate renderedTraces;

    /** @param profile the rest of the fitted profile (its own JPEG quality is ignored) */
    JpegPixelFit(List<Image> source, SiteProfile profile) {
        int pixels = source.getFirst().shape().pixels();
        int keep = Math.max(1, Math.min(source.size(), ResolutionFit.PIXEL_BUDGET / pixels));
        // JPEG is the profile's last step and draws nothing from the stream: render once, then compress that
        // rendering at each quality (the same pixels as rendering each quality from scratch, a nineteenth of the noise)
        SiteShift shift = new SiteShift(withQuality(profile, 0));
        List<Image> uncompressed = new ArrayList<>(keep);
        for (int i = 0; i < keep; i++) {
            int index = (int) ((long) i * source.size() / keep);
            uncompressed.add(shift.apply(source.get(index), new SplittableRandom(index)));
        }
        renderedTraces = JpegTraces.of(uncompressed);
        for (int q = 0; q < QUALITIES.length; q++) {
            int quality = QUALITIES[q];
            synthetic[q] = Blockiness.of(quality == 0 ? uncompressed
                    : uncompressed.stream().map(image -> Jpeg.roundTrip(image, quality)).toList());
        }
    }

    /**
     * The DCT lattice of the source rendered without JPEG: a source that was itself compressed keeps its lattice
     * where the profile adds no noise (the shipped X-rays lie on quality 75's, score .96), so a target on that same
     * lattice says nothing about the site.
     */
    JpegTraces.Estimate renderedTraces() {
        return renderedTraces;
    }

    Estimate fit(List<Image> target) {
        double observed = Blockiness.of(target);
        int limit = 0;
        int best = 0;
        for (int q = 1; q < QUALITIES.length; q++) {
            if (synthetic[q] < DETECTABLE * synthetic[0]) {
                continue; // as blocky as an uncompressed rendering at this size: cannot be told from none
            }
            limit = Math.max(limit, QUALITIES[q]);
            if (best == 0 || Math.abs(Math.log(observed / synthetic[q])) < Math.abs(Math.log(observed / synthetic[best]))) {
                best = q;
            }
        }
        boolean detected = best > 0 && observed >= DETECTABLE * synthetic[0];
        return new Estimate(detected ? QUALITIES[best] : 0, observed, synthetic[0], limit);
    }

    static SiteProfile withQuality(SiteProfile p, int quality) {
        return new SiteProfile(p.name(), p.modality(), p.description(), p.intensity(), p.noise(), p.psfSigma(),
                p.resampling(), p.vignetting(), quality, p.stainJitter(), p.stain());
    }
}
