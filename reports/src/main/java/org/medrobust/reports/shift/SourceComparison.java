package org.medrobust.reports.shift;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.medrobust.reports.schema.SampleOutcome;
import org.medrobust.reports.stats.BootstrapInterval;
import org.medrobust.reports.stats.WeightedMetrics;

/**
 * Computes a site's {@link SourceDrops}: its metrics against the source site's, never against the other sites pooled.
 * The bootstrap is paired over source images when both sites hold exactly the same source images once each (every
 * outcome names its {@link SampleOutcome#sourceImage}); otherwise each site's samples are resampled independently.
 * The three metrics of one site share one seed, so in the paired design they are computed on the same resamples.
 */
final class SourceComparison {

    private SourceComparison() {
    }

    static SourceDrops of(String sourceName, List<SampleOutcome> source, List<SampleOutcome> site, int classes,
            double level, int resamples, long seed) {
        List<SampleOutcome> aligned = alignedBySourceImage(source, site);
        boolean paired = aligned != null;
        OutcomeGroup from = OutcomeGroup.of(paired ? aligned : source);
        OutcomeGroup here = OutcomeGroup.of(site);
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
        return new SourceDrops(sourceName, accuracy, balanced.drop() == null ? null : balanced, auc);
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
     * The source site's outcomes in the order of {@code site}'s source images, or null unless both name every
     * sample's source image, each image once, and the same images.
     */
    static List<SampleOutcome> alignedBySourceImage(List<SampleOutcome> source, List<SampleOutcome> site) {
        if (source.size() != site.size() || source.isEmpty()) {
            return null;
        }
        Map<String, SampleOutcome> byImage = new HashMap<>();
        for (SampleOutcome o : source) {
            if (o.sourceImage() == null || byImage.put(o.sourceImage(), o) != null) {
                return null;
            }
        }
        SampleOutcome[] aligned = new SampleOutcome[site.size()];
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < aligned.length; i++) {
            String image = site.get(i).sourceImage();
            aligned[i] = image == null ? null : byImage.get(image);
            if (aligned[i] == null || !seen.add(image)) {
                return null;
            }
        }
        return List.of(aligned);
    }
}
