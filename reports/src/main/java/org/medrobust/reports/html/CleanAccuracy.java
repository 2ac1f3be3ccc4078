package org.medrobust.reports.html;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;

/** The completed clean baseline of each model among some scenarios (of one data set). */
final class CleanAccuracy {

    private CleanAccuracy() {
    }

    static Map<String, Double> of(List<ScenarioResult> scenarios) {
        Map<String, Double> clean = new LinkedHashMap<>();
        baselines(scenarios).forEach((model, s) -> clean.put(model, s.metrics().accuracy()));
        return clean;
    }

    static Map<String, ScenarioResult> baselines(List<ScenarioResult> scenarios) {
        Map<String, ScenarioResult> clean = new LinkedHashMap<>();
        for (ScenarioResult s : scenarios) {
            if ("CLEAN".equals(s.family()) && s.status() == ScenarioStatus.COMPLETED) {
                clean.put(s.model(), s);
            }
        }
        return clean;
    }
}
