package org.medrobust.suite.gate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.medrobust.reports.schema.GateVerdict;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;

/**
 * Under a threat, accuracy may fall at most {@code threshold} below the same model's clean accuracy on the same
 * data. Restricted to one threat, severity or model where those are set. A threat scenario that failed (or whose
 * clean baseline failed) has no verdict: not evaluated, with the reason.
 */
public record MaxAccuracyDropGate(double threshold, String threat, Integer severity, String model) implements Gate {

    @Override
    public List<GateVerdict> evaluate(List<ScenarioResult> scenarios) {
        Map<String, Double> clean = new HashMap<>();
        for (ScenarioResult s : scenarios) {
            if ("CLEAN".equals(s.family()) && s.status() == ScenarioStatus.COMPLETED) {
                clean.put(s.model() + "@" + s.dataset() + "/" + s.split(), s.metrics().accuracy());
            }
        }
        String name = String.format(Locale.ROOT, "accuracy drop <= %.3f", threshold);
        List<GateVerdict> verdicts = new ArrayList<>();
        for (ScenarioResult s : scenarios) {
            if (!applies(s)) {
                continue;
            }
            Double baseline = clean.get(s.model() + "@" + s.dataset() + "/" + s.split());
            if (s.status() != ScenarioStatus.COMPLETED || baseline == null) {
                verdicts.add(GateVerdict.notEvaluated(name, s.id(), (baseline == null && s.status()
                        == ScenarioStatus.COMPLETED ? "its clean baseline did not complete" : "scenario did not complete")
                        + (s.reason() == null ? "" : ": " + s.reason())));
                continue;
            }
            double drop = baseline - s.metrics().accuracy();
            verdicts.add(GateVerdict.of(name, s.id(), drop <= threshold + Gates.ROUNDING, String.format(Locale.ROOT,
                    "clean %.4f, under threat %.4f, drop %.4f", baseline, s.metrics().accuracy(), drop)));
        }
        return verdicts;
    }

    private boolean applies(ScenarioResult s) {
        return !"CLEAN".equals(s.family()) && s.status() != ScenarioStatus.SKIPPED
                && (threat == null || threat.equals(s.threat()))
                && (severity == null || severity == s.severity())
                && (model == null || model.equals(s.model()));
    }
}
