package org.medrobust.suite.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.medrobust.reports.shift.ShiftStatistics;
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
            scenarios.add(scenarioResult(s.id(), s.modelId(), data[0], data[1], s.threat().family().name(),
                    s.threat().id(), s.threat().severity(), s.threat().parameters(), r.status(), r.reason(),
                    r.outcomes()));
        }
        return complete(config, models, datasets, scenarios);
    }

    /** One scenario's result: metrics (and attack metrics for evasion) derived from its outcomes when it completed. */
    public static ScenarioResult scenarioResult(String id, String model, String dataset, String split, String family,
            String threat, int severity, Map<String, Object> parameters, ScenarioStatus status,
            String reason, List<org.medrobust.reports.schema.SampleOutcome> outcomes) {
        boolean completed = status == ScenarioStatus.COMPLETED;
        return new ScenarioResult(id, model, dataset, split, family, threat, severity, parameters, status, reason,
                completed ? MetricsCalculator.of(outcomes) : null, completed ? outcomes : null,
                completed && ThreatFamily.EVASION.name().equals(family) ? AttackMetricsCalculator.of(outcomes) : null);
    }

    /**
     * The report from its scenario results: the gradient-masking flags ({@link MaskingFlags}), gate verdicts,
     * curves, fault, corruption-error and shift statistics derived from them. Also how {@code medrobust verify}
     * rebuilds a report.json from its journal, so everything report.json holds comes from here.
     */
    public static CampaignReport complete(CampaignConfig config, List<InputIdentity> models,
            List<InputIdentity> datasets, List<ScenarioResult> results) {
        List<ScenarioResult> scenarios = MaskingFlags.apply(results);
        return new CampaignReport(CampaignReport.SCHEMA, config.name(), config.seed(), ConfigLoader.toMap(config),
                ConfigLoader.sha256(config), models, datasets, scenarios, Gates.evaluate(config.gates(), scenarios),
                RobustnessCurves.of(scenarios), FaultStatistics.of(scenarios),
                CorruptionErrorTable.of(scenarios, models, config.baseline()),
                ShiftStatistics.of(scenarios, config.seed(), sourceSites(config, datasets)));
    }

    /**
     * The source site each data entry names ({@code sourceSite}), by its data set's key: the data identities are the
     * config's data entries in order (how the campaign loaded them, and how report.json lists them for verify).
     */
    private static Map<String, String> sourceSites(CampaignConfig config, List<InputIdentity> datasets) {
        Map<String, String> sites = new HashMap<>();
        for (int i = 0; i < Math.min(config.data().size(), datasets.size()); i++) {
            if (config.data().get(i).sourceSite() != null) {
                sites.put(datasets.get(i).id(), config.data().get(i).sourceSite());
            }
        }
        return sites;
    }
}
