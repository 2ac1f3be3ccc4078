package org.medrobust.reports.dossier;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.GateVerdict;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;

/**
 * The traceability matrix: risk item -> the scenarios that simulate it (its threats, on every model and data set)
 * -> their results -> the gates checked on those scenarios. A risk whose scenarios no gate checks is shown as such:
 * the evidence exists but nothing would stop a release on it.
 *
 * @param risk      the risk item
 * @param scenarios its scenarios, in plan order
 * @param completed how many of them completed
 * @param worst     the completed scenario with the lowest accuracy, or null when none completed
 * @param gates     the verdicts of gates whose subject is one of its scenarios
 */
public record Traceability(RiskItem risk, List<ScenarioResult> scenarios, long completed, ScenarioResult worst,
        List<GateVerdict> gates) {

    public static List<Traceability> of(CampaignReport report) {
        List<Traceability> rows = new ArrayList<>();
        for (RiskItem risk : RiskItem.of(report.config())) {
            Set<String> threats = Set.copyOf(risk.threats());
            List<ScenarioResult> scenarios = report.scenarios().stream()
                    .filter(s -> threats.contains(s.threat())).toList();
            Set<String> ids = scenarios.stream().map(ScenarioResult::id).collect(Collectors.toSet());
            List<ScenarioResult> done = scenarios.stream().filter(s -> s.status() == ScenarioStatus.COMPLETED).toList();
            ScenarioResult worst = done.stream().min(Comparator.comparingDouble((ScenarioResult s) ->
                    s.metrics().accuracy()).thenComparing(ScenarioResult::id)).orElse(null);
            rows.add(new Traceability(risk, scenarios, done.size(), worst,
                    report.gates().stream().filter(g -> ids.contains(g.subject())).toList()));
        }
        return rows;
    }

    /** "pass", "FAIL" (any gate failed), "not evaluated" (any without verdict), or "no gate". */
    public String verdict() {
        if (gates.isEmpty()) {
            return "no gate";
        }
        if (gates.stream().anyMatch(g -> g.status() == GateVerdict.Status.FAIL)) {
            return GateVerdict.Status.FAIL.label();
        }
        return gates.stream().allMatch(GateVerdict::passed) ? GateVerdict.Status.PASS.label()
                : GateVerdict.Status.NOT_EVALUATED.label();
    }
}
