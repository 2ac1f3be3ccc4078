package org.medrobust.reports.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.medrobust.reports.faults.FaultReport;
import org.medrobust.reports.shift.ShiftReport;

/**
 * The whole result of a campaign: report.json. Deterministic: the same config gives the same bytes. Timings and
 * machine details live apart, in environment.json, so that this file can be compared byte for byte.
 *
 * @param schema       schema name and version, {@link #SCHEMA}
 * @param campaign     campaign name
 * @param seed         campaign seed every random draw derives from
 * @param config       the effective configuration (after command-line overrides)
 * @param configSha256 SHA-256 of the canonical JSON form of {@code config}
 * @param models       every model, with its digest
 * @param datasets     every data set, with its digest
 * @param scenarios    every planned scenario in plan order
 * @param gates        gate verdicts
 * @param curves       accuracy against attack budget, per model, split and evasion threat; absent when none ran
 * @param faults       fault-campaign statistics over trials (absent when no fault scenario ran)
 * @param corruptionErrors CE, mCE, relative CE, BE and rBE against the baseline model (absent without a baseline or
 *                     corruption scenarios)
 * @param shift        calibration, accuracy drops with bootstrap intervals, shift detection, per scenario and site
 */
public record CampaignReport(String schema, String campaign, long seed, Map<String, Object> config,
        String configSha256, List<InputIdentity> models, List<InputIdentity> datasets, List<ScenarioResult> scenarios,
        List<GateVerdict> gates, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<RobustnessCurve> curves,
        @JsonInclude(JsonInclude.Include.NON_NULL) FaultReport faults,
        @JsonInclude(JsonInclude.Include.NON_NULL) CorruptionErrorReport corruptionErrors,
        @JsonInclude(JsonInclude.Include.NON_NULL) ShiftReport shift) {

    /** Curves empty, not null, when read back from a report.json that left them out (none ran). */
    public CampaignReport {
        curves = curves == null ? List.of() : curves;
    }

    public CampaignReport(String schema, String campaign, long seed, Map<String, Object> config, String configSha256,
            List<InputIdentity> models, List<InputIdentity> datasets, List<ScenarioResult> scenarios,
            List<GateVerdict> gates, List<RobustnessCurve> curves, FaultReport faults) {
        this(schema, campaign, seed, config, configSha256, models, datasets, scenarios, gates, curves, faults, null,
                null);
    }

    public CampaignReport(String schema, String campaign, long seed, Map<String, Object> config, String configSha256,
            List<InputIdentity> models, List<InputIdentity> datasets, List<ScenarioResult> scenarios,
            List<GateVerdict> gates) {
        this(schema, campaign, seed, config, configSha256, models, datasets, scenarios, gates, List.of(), null, null,
                null);
    }

    public static final String SCHEMA = "medrobust.report/1";

    /** A gate was evaluated and failed. */
    public boolean anyGateFailed() {
        return gates.stream().anyMatch(g -> g.status() == GateVerdict.Status.FAIL);
    }

    /** Gates that have no verdict because the scenario they need failed or was skipped. */
    public long gatesNotEvaluated() {
        return gates.stream().filter(g -> g.status() == GateVerdict.Status.NOT_EVALUATED).count();
    }

    public long failedScenarios() {
        return scenarios.stream().filter(s -> s.status() == ScenarioStatus.FAILED).count();
    }
}
