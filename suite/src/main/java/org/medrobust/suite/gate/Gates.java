package org.medrobust.suite.gate;

import java.util.ArrayList;
import java.util.List;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.reports.schema.GateVerdict;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.suite.config.GateSpec;

/** Builds gates from config entries and evaluates them all. */
public final class Gates {

    public static final List<String> TYPES = List.of("min_clean_accuracy", "max_accuracy_drop");

    /** Accuracies are ratios of counts: a value exactly at the threshold must pass despite floating-point rounding. */
    static final double ROUNDING = 1e-12;

    private Gates() {
    }

    public static Gate of(GateSpec spec) {
        return switch (spec.type()) {
            case "min_clean_accuracy" -> new MinCleanAccuracyGate(spec.threshold(), spec.model());
            case "max_accuracy_drop" -> new MaxAccuracyDropGate(spec.threshold(), spec.threat(), spec.severity(),
                    spec.model());
            default -> throw new InvalidInputException("unknown gate type '" + spec.type() + "': use one of " + TYPES);
        };
    }

    public static List<GateVerdict> evaluate(List<GateSpec> specs, List<ScenarioResult> scenarios) {
        List<GateVerdict> verdicts = new ArrayList<>();
        specs.forEach(spec -> verdicts.addAll(of(spec).evaluate(scenarios)));
        return verdicts;
    }
}
