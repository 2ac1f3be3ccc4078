package org.medrobust.reports.shift;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Calibration and shift statistics of one completed scenario.
 *
 * @param scenario     the scenario id in {@code scenarios}
 * @param versusClean  accuracy drop from the same model's clean pass on the same samples (paired bootstrap); null
 *                     for the clean scenario itself
 * @param detection    how well the model's confidence tells this scenario's inputs from the clean ones; null for the
 *                     clean scenario
 * @param sites        per acquisition site, where the data names sites; empty otherwise
 * @param recovery     for a scenario with a test-time mitigation, the accuracy it recovers against the same shift
 *                     unmitigated; null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScenarioShift(String scenario, String model, String dataset, String split, String family,
        String threat, int severity, Calibration calibration, Difference versusClean, Detection detection,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<SiteMetrics> sites, Recovery recovery) {

    /** Empty, not null, when read back from a report.json that left the empty list out. */
    public ScenarioShift {
        sites = sites == null ? List.of() : sites;
    }

    public ScenarioShift(String scenario, String model, String dataset, String split, String family, String threat,
            int severity, Calibration calibration, Difference versusClean, Detection detection, List<SiteMetrics> sites) {
        this(scenario, model, dataset, split, family, threat, severity, calibration, versusClean, detection, sites,
                null);
    }
}
