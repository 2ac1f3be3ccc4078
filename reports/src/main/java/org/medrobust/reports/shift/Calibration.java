package org.medrobust.reports.shift;

import java.util.ArrayList;
import java.util.List;
import org.medrobust.reports.stats.BrierScore;
import org.medrobust.reports.stats.ReliabilityDiagram;

/**
 * How honest a model's confidence is on one group of samples: expected and maximum calibration error over
 * {@link ReliabilityDiagram#DEFAULT_BINS} equal-width bins (Guo et al. 2017, L1), the multi-class Brier score (Brier
 * 1950), and the reliability diagram's bins themselves (for the report's chart). Values that cannot be computed are
 * null (JSON has no NaN): Brier needs the recorded logits, an empty bin has no accuracy.
 */
public record Calibration(int samples, Double ece, Double mce, Double brier, List<Bin> bins) {

    /** One reliability bin {@code (lower, upper]}; accuracy and mean confidence null when it is empty. */
    public record Bin(double lower, double upper, int count, Double accuracy, Double confidence) {
    }

    static Calibration of(OutcomeGroup group) {
        ReliabilityDiagram diagram = ReliabilityDiagram.of(group.labels(), group.predictions(), group.confidenceRows(),
                ReliabilityDiagram.DEFAULT_BINS);
        List<Bin> bins = new ArrayList<>();
        for (ReliabilityDiagram.Bin b : diagram.bins()) {
            bins.add(new Bin(b.lower(), b.upper(), b.count(), orNull(b.accuracy()), orNull(b.meanConfidence())));
        }
        Double brier = group.hasLogits() ? orNull(BrierScore.of(group.labels(), group.probabilities())) : null;
        return new Calibration(group.size(), orNull(diagram.ece()), orNull(diagram.mce()), brier, bins);
    }

    static Double orNull(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
