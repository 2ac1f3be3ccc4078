package org.medrobust.reports.shift;

import org.medrobust.reports.stats.BootstrapInterval;

/**
 * An accuracy drop, reference minus shifted (positive: the shift costs accuracy), with its percentile bootstrap
 * interval ({@link BootstrapInterval}); null fields where a group is empty.
 *
 * @param paired true when both accuracies come from the same samples (a synthetic shift of the clean images), false
 *               for different samples (another site)
 */
public record Difference(Double drop, Double lower, Double upper, double level, int resamples, boolean paired) {

    /** Turns the bootstrap's shifted-minus-reference interval into a drop (reference minus shifted). */
    static Difference drop(BootstrapInterval.Interval change, boolean paired) {
        // 0.0 - x, not -x: a zero change is a drop of 0.0, never -0.0
        return new Difference(Calibration.orNull(0.0 - change.estimate()), Calibration.orNull(0.0 - change.upper()),
                Calibration.orNull(0.0 - change.lower()), change.level(), change.resamples(), paired);
    }
}
