package org.medrobust.suite.run;

import java.util.List;
import org.medrobust.reports.schema.SampleOutcome;
import org.medrobust.reports.schema.ScenarioStatus;
import org.medrobust.suite.plan.Scenario;

/**
 * How a scenario ended, with its outcomes in sample order (empty unless completed) and its wall time (which goes
 * to environment.json, never to report.json).
 */
public record ScenarioRecord(Scenario scenario, ScenarioStatus status, String reason, List<SampleOutcome> outcomes,
        double seconds) {
}
