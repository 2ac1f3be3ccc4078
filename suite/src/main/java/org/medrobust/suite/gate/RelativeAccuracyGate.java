package org.medrobust.suite.gate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.medrobust.reports.schema.GateVerdict;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;

/**
 * Relative gate: each matching scenario's accuracy may be at most {@code threshold} below its reference scenario's
 * ("no more than 2 points worse" is 0.02). The reference is the same scenario (data, split, threat, severity, trial)
 * of another model ({@link #versusBaseline}) or of a previous release's report.json ({@link #versusPrevious}).
 * A scenario whose reference is missing or did not complete has no verdict (NOT_EVALUATED, with the reason).
 *
 * @param references   reference scenarios by id; null: the evaluated report's own (a baseline model)
 * @param referenceKey maps a candidate scenario to the key of its reference in {@code references}
 */
record RelativeAccuracyGate(String name, double threshold, ScenarioFilter filter, String referenceLabel,
        Map<String, ScenarioResult> references, Function<ScenarioResult, String> referenceKey,
        String excludedModel) implements Gate {

    /** Every other model against {@code baseline}, scenario by scenario, within one report. */
    static RelativeAccuracyGate versusBaseline(double threshold, ScenarioFilter filter, String baseline) {
        return new RelativeAccuracyGate(String.format(Locale.ROOT, "accuracy >= baseline %s - %.3f%s", baseline,
                threshold, scope(filter)), threshold, filter, "baseline " + baseline, null,
                s -> withModel(s, baseline), baseline);
    }

    /** This release against the previous one: the same scenario id (the model renamed to previousModel if given). */
    static RelativeAccuracyGate versusPrevious(double threshold, ScenarioFilter filter, String previousModel,
            List<ScenarioResult> previous) {
        return new RelativeAccuracyGate(String.format(Locale.ROOT, "accuracy >= previous release - %.3f%s", threshold,
                scope(filter)), threshold, filter, "previous release", byId(previous),
                s -> previousModel == null ? s.id() : withModel(s, previousModel), null);
    }

    @Override
    public List<GateVerdict> evaluate(List<ScenarioResult> scenarios) {
        Map<String, ScenarioResult> pool = references == null ? byId(scenarios) : references;
        List<GateVerdict> verdicts = new ArrayList<>();
        for (ScenarioResult s : filter.select(scenarios)) {
            if (s.model().equals(excludedModel)) {
                continue;
            }
            ScenarioResult reference = pool.get(referenceKey.apply(s));
            if (s.status() != ScenarioStatus.COMPLETED) {
                verdicts.add(GateVerdict.notEvaluated(name, s.id(), "scenario did not complete: " + s.reason()));
            } else if (reference == null || reference.status() != ScenarioStatus.COMPLETED) {
                verdicts.add(GateVerdict.notEvaluated(name, s.id(), referenceLabel + " has "
                        + (reference == null ? "no scenario " + referenceKey.apply(s) : "no result for it: "
                                + reference.reason())));
            } else {
                double mine = s.metrics().accuracy();
                double theirs = reference.metrics().accuracy();
                verdicts.add(GateVerdict.of(name, s.id(), mine >= theirs - threshold - Gates.ROUNDING,
                        String.format(Locale.ROOT, "accuracy %.4f, %s %.4f, difference %+.4f", mine, referenceLabel,
                                theirs, mine - theirs)));
            }
        }
        if (verdicts.isEmpty()) {
            verdicts.add(GateVerdict.notEvaluated(name, "(none)", "no scenario matches this gate"));
        }
        return verdicts;
    }

    private static Map<String, ScenarioResult> byId(List<ScenarioResult> scenarios) {
        Map<String, ScenarioResult> byId = new HashMap<>();
        scenarios.forEach(s -> byId.put(s.id(), s));
        return byId;
    }

    /** The scenario id with another model: ids are model@data/split:threat[/sN][/tN]. */
    private static String withModel(ScenarioResult s, String model) {
        return model + s.id().substring(s.model().length());
    }

    private static String scope(ScenarioFilter filter) {
        String scope = filter.describe();
        return scope.isEmpty() ? "" : " under " + scope;
    }
}
