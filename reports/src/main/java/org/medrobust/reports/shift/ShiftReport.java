package org.medrobust.reports.shift;

import java.util.List;

/**
 * report.json's {@code shift} section: calibration per scenario and site, accuracy drops with bootstrap intervals,
 * shift detection (docs/site-profiles.md, "Report").
 *
 * @param bins      reliability bins (equal width)
 * @param level     the bootstrap intervals' level
 * @param resamples bootstrap resamples per interval
 */
public record ShiftReport(int bins, double level, int resamples, List<ScenarioShift> scenarios) {
}
