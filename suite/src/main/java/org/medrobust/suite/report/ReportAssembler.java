package org.medrobust.suite.report;

import java.util.ArrayList;
import java.util.List;
import org.medrobust.reports.faults.FaultStatistics;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.InputIdentity;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;
import org.medrobust.datasets.threat.ThreatFamily;
import org.medrobust.reports.stats.AttackMetricsCalculator;
import org.medrobust.reports.stats.CorruptionErrorTable;
import org.medrobust.reports.stats.MetricsCalculator;
import org.medrobust.reports.stats.RobustnessCurves;
import org.medrobust.suite.config.CampaignConfig;
import org.medrobust.suite.config.ConfigLoader;
import org.medrobust.suite.gate.Gates;
import org.medrobust.suite.plan.Scenario;
import org.medrobust.suite.run.ScenarioRecord;

/** Turns scenario records into the report: metrics derived from outcomes, then gate verdicts. */
public final class ReportAssembler {

    private ReportAssembler() {
    }

    public static CampaignReport assemble(CampaignConfig config, List<InputIdentity> models,
            List<InputIdentity> datasets, List<ScenarioRecord> records) {
        List<ScenarioResult> scenarios = new ArrayList<>(records.size());
        for (ScenarioRecord r : records) {
            Scenario s = r.scenario();
            String[] data = s.dataKey().split("/", 2);
            boolean completed = r.status() == ScenarioStatus.COMPLETED;
            scenarios.add(new ScenarioResult(s.id(), s.modelId(), data[0], data[1], s.threat().family().name(),
                    s.threat().id(), s.threat().severity(), s.threat().parameters(), r.status(), r.reason(),
                    completed ? MetricsCalculator.of(r.outcomes()) : null, completed ? r.outcomes() : null,
                    completed && s.threat().family() == ThreatFamily.EVASION ? AttackMetricsCalculator.of(r.outcomes())
                            : null));
        }
        return new CampaignReport(CampaignReport.SCHEMA, config.name(), config.seed(), ConfigLoader.toMap(config),
                ConfigLoader.sha256(config), models, datasets, scenarios, Gates.evaluate(config.gates(), scenarios),
                RobustnessCurves.of(scenarios), FaultStatistics.of(scenarios),
                CorruptionErrorTable.of(scenarios, models, config.baseline()));
    }
}
