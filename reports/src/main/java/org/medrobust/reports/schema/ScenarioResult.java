package org.medrobust.reports.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One scenario: a (model, data split, threat, severity) combination, its metrics and per-sample outcomes.
 *
 * @param parameters every parameter of the threat, as the threat declared them
 * @param reason     why it failed or was skipped; null when completed
 * @param metrics    null unless completed
 * @param attack     success rate, perturbation sizes and queries of a completed evasion scenario; null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScenarioResult(String id, String model, String dataset, String split, String family, String threat,
        int severity, Map<String, Object> parameters, ScenarioStatus status, String reason, ScenarioMetrics metrics,
        List<SampleOutcome> outcomes, AttackMetrics attack) {

    public ScenarioResult(String id, String model, String dataset, String split, String family, String threat,
            int severity, Map<String, Object> parameters, ScenarioStatus status, String reason, ScenarioMetrics metrics,
            List<SampleOutcome> outcomes) {
        this(id, model, dataset, split, family, threat, severity, parameters, status, reason, metrics, outcomes, null);
    }
}
