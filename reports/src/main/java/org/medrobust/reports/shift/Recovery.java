package org.medrobust.reports.shift;

import org.medrobust.reports.stats.BootstrapInterval;

/**
 * What a test-time mitigation gives back: accuracy with the mitigation minus accuracy under the same shift without it
 * (positive: recovered), on the very same shifted images (the scenarios share their random stream), with its paired
 * percentile bootstrap interval.
 *
 * @param of        the unmitigated scenario's id
 * @param recovered mitigated minus unmitigated accuracy
 */
public record Recovery(String of, Double recovered, Double lower, Double upper, double level, int resamples) {

    static Recovery of(String of, BootstrapInterval.Interval change) {
        return new Recovery(of, Calibration.orNull(change.estimate()), Calibration.orNull(change.lower()),
                Calibration.orNull(change.upper()), change.level(), change.resamples());
    }
}
