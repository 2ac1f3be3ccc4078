package org.medrobust.suite.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.medrobust.reports.schema.GateVerdict;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;

/**
 * Every (optionally: one) model's clean accuracy must reach a threshold. A clean pass that did not complete has no
 * verdict (not evaluated, with the reason): a crash is not an accuracy.
 */
public record MinCleanAccuracyGate(double threshold, String model) implements Gate {

    @Override
    public List<GateVerdict> evaluate(List<ScenarioResult> scenarios) {
        String name = String.format(Locale.ROOT, "clean accuracy >= %.3f", threshold);
        List<GateVerdict> verdicts = new ArrayList<>();
        for (ScenarioResult s : scenarios) {
            if (!"CLEAN".equals(s.family()) || (model != null && !model.equals(s.model()))) {
                continue;
            }
            if (s.status() != ScenarioStatus.COMPLETED) {
                verdicts.add(GateVerdict.notEvaluated(name, s.id(), "clean pass "
                        + s.status().name().toLowerCase(Locale.ROOT) + ": " + s.reason()));
                continue;
            }
            double accuracy = s.metrics().accuracy();
            verdicts.add(GateVerdict.of(name, s.id(), accuracy >= threshold - Gates.ROUNDING,
                    String.format(Locale.ROOT, "accuracy %.4f (%d/%d)", accuracy, s.metrics().correct(),
                            s.metrics().samples())));
        }
        return verdicts;
    }
}
