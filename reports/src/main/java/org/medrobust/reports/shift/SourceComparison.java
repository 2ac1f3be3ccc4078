package org.medrobust.reports.shift;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.medrobust.reports.schema.SampleOutcome;
import org.medrobust.reports.stats.BootstrapInterval;
import org.medrobust.reports.stats.WeightedMetrics;

/**
 * Computes a site's {@link SourceDrops}: its metrics against the source site's, never against the other sites pooled.
 * The bootstrap is paired over source images wherever the two sites hold some of the same source images (every
 * outcome names its {@link SampleOutcome#sourceImage}): over all their samples when they hold exactly the same
 * images, else over the images both hold, with the rest left out and counted ({@link Pairing}). Independent (each
 * site's samples resampled on their own) when they share no image or an image appears twice at one site. The three
 * metrics of one site share one seed, so in the paired design they are computed on the same resamples.
 */
final class SourceComparison {

    private SourceComparison() {
    }

    static SourceDrops of(String sourceName, List<SampleOutcome> source, List<SampleOutcome> site, int classes,
            double level, int resamples, long seed) {
        Matched matched = matchBySourceImage(source, site);
        boolean paired = matched != null;
        OutcomeGroup from = OutcomeGroup.of(paired ? matched.source() : source);
        OutcomeGroup here = OutcomeGroup.of(paired ? matched.site() : site);
        Difference accuracy = drop(WeightedMetrics.accuracy(from.labels(), from.predictions()),
                WeightedMetrics.accuracy(here.labels(), here.predictions()), from, here, paired, level, resamples,
                seed);
        Difference balanced = drop(WeightedMetrics.balancedAccuracy(from.labels(), from.predictions(), classes),
                WeightedMetrics.balancedAccuracy(here.labels(), here.predictions(), classes), from, here, paired, level,
                resamples, seed);
        Difference auc = from.hasLogits() && here.hasLogits()
                ? drop(WeightedMetrics.auc(from.labels(), from.probabilities()),
                        WeightedMetrics.auc(here.labels(), here.probabilities()), from, here, paired, level, resamples,
                        seed)
                : null;
        return new SourceDrops(sourceName, accuracy, balanced.drop() == null ? null : balanced, auc,
                paired ? matched.partial(source.size(), site.size()) : null);
    }

    private static Difference drop(WeightedMetrics.Statistic source, WeightedMetrics.Statistic site, OutcomeGroup from,
            OutcomeGroup here, boolean paired, double level, int resamples, long seed) {
        BootstrapInterval.Interval change = paired
                ? BootstrapInterval.pairedDifference(source, site, here.size(), level, resamples, seed)
                : BootstrapInterval.independentDifference(source, from.size(), site, here.size(), level, resamples,
                        seed);
        return Difference.drop(change, paired);
    }

    /**
     * The samples of both sites that show the same source image, in the order of {@code site}: element i of each list
     * is the same image.
     */
    record Matched(List<SampleOutcome> source, List<SampleOutcome> site) {

        /** The pairing to record, or null where it covers every sample of both sites. */
        Pairing partial(int sourceSamples, int siteSamples) {
            int images = site.size();
            return images == sourceSamples && images == siteSamples ? null
                    : new Pairing(images, sourceSamples - images, siteSamples - images);
        }
    }

    /**
     * The two sites' samples of the source images both hold (samples without an image, or with one the other site
     * lacks, left out), or null when they share none or an image appears twice at one site (the manifest refuses
     * that; other data cannot pair it either).
     */
    static Matched matchBySourceImage(List<SampleOutcome> source, List<SampleOutcome> site) {
        Map<String, SampleOutcome> byImage = new HashMap<>();
        for (SampleOutcome o : source) {
            if (o.sourceImage() != null && byImage.put(o.sourceImage(), o) != null) {
                return null;
            }
        }
        List<SampleOutcome> fromSource = new ArrayList<>();
        List<SampleOutcome> atSite = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (SampleOutcome o : site) {
            String image = o.sourceImage();
            if (image == null) {
                continue;
            }
            if (!seen.add(image)) {
                return null;
            }
            SampleOutcome partner = byImage.get(image);
            if (partner != null) {
                fromSource.add(partner);
                atSite.add(o);
            }
        }
        return atSite.isEmpty() ? null : new Matched(List.copyOf(fromSource), List.copyOf(atSite));
    }
}
