package org.medrobust.suite.run;

import java.util.List;
import org.medrobust.reports.schema.SampleOutcome;
import org.medrobust.reports.schema.ScenarioStatus;
import org.medrobust.suite.plan.Scenario;

/**
 * How a scenario ended, with its outcomes in sample order (empty unless completed) and the seconds spent computing
 * it over every session of the campaign (which go to environment.json, never to report.json).
 */
public record ScenarioRecord(Scenario scenario, ScenarioStatus status, String reason, List<SampleOutcome> outcomes,
        double seconds) {
}
