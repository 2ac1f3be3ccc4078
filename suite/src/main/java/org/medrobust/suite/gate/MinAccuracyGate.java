package org.medrobust.suite.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.medrobust.reports.schema.GateVerdict;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;

/**
 * Absolute gate on any threat: accuracy under the matching scenarios must reach {@code threshold}, e.g. robust accuracy
 * under PGD L-inf at eps 1/255 >= 0.5. With {@code lowerBound} it is statistical: the lower end of the 95 % Wilson
 * interval (Wilson 1927, as in report.json) must reach it, so a small sample does not pass by luck. A gate whose filter
 * matches no scenario has one NOT_EVALUATED verdict: a typo in a threat id must not pass silently.
 */
record MinAccuracyGate(double threshold, ScenarioFilter filter, boolean lowerBound) implements Gate {

    @Override
    public List<GateVerdict> evaluate(List<ScenarioResult> scenarios) {
        String scope = filter.describe();
        String name = String.format(Locale.ROOT, "%saccuracy%s >= %.3f", lowerBound ? "95%-CI lower bound of " : "",
                scope.isEmpty() ? "" : " under " + scope, threshold);
        List<ScenarioResult> matching = filter.select(scenarios);
        if (matching.isEmpty()) {
            return List.of(GateVerdict.notEvaluated(name, "(none)", "no scenario matches this gate"));
        }
        List<GateVerdict> verdicts = new ArrayList<>();
        for (ScenarioResult s : matching) {
            if (s.status() != ScenarioStatus.COMPLETED) {
                verdicts.add(GateVerdict.notEvaluated(name, s.id(), "scenario did not complete: " + s.reason()));
                continue;
            }
            double[] ci = s.metrics().accuracyCi95();
            double judged = lowerBound ? ci[0] : s.metrics().accuracy();
            verdicts.add(GateVerdict.of(name, s.id(), judged >= threshold - Gates.ROUNDING, String.format(Locale.ROOT,
                    "accuracy %.4f [%.4f, %.4f] (%d/%d)", s.metrics().accuracy(), ci[0], ci[1], s.metrics().correct(),
                    s.metrics().samples())));
        }
        return verdicts;
    }
}
