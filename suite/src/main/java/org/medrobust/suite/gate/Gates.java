package org.medrobust.suite.gate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.reports.schema.GateVerdict;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.suite.config.GateSpec;
import org.medrobust.suite.report.ReportFiles;

/** Builds gates from config entries and evaluates them all (docs/gates.md). */
public final class Gates {

    public static final List<String> TYPES = List.of("min_clean_accuracy", "max_accuracy_drop", "min_accuracy",
            "max_drop_vs_baseline", "max_drop_vs_previous");

    /** Accuracies are ratios of counts: a value exactly at the threshold must pass despite floating-point rounding. */
    static final double ROUNDING = 1e-12;

    private Gates() {
    }

    public static Gate of(GateSpec spec) {
        return of(spec, Optional.empty());
    }

    /**
     * @param previous the previous release's scenarios for max_drop_vs_previous ({@code gate --previous}); when
     *                 empty, the gate reads the report.json its {@code previous} setting names
     */
    public static Gate of(GateSpec spec, Optional<List<ScenarioResult>> previous) {
        ScenarioFilter filter = new ScenarioFilter(spec.threat(), spec.severity(), spec.model(), spec.where());
        return switch (spec.type()) {
            case "min_clean_accuracy" -> spec.lowerBound()
                    ? new MinAccuracyGate(spec.threshold(), new ScenarioFilter("clean", null, spec.model(), null), true)
                    : new MinCleanAccuracyGate(spec.threshold(), spec.model());
            case "max_accuracy_drop" -> new MaxAccuracyDropGate(spec.threshold(), spec.threat(), spec.severity(),
                    spec.model());
            case "min_accuracy" -> new MinAccuracyGate(spec.threshold(), filter, spec.lowerBound());
            case "max_drop_vs_baseline" -> {
                if (spec.baseline() == null) {
                    throw new InvalidInputException("gate max_drop_vs_baseline needs 'baseline: <model id>'");
                }
                yield RelativeAccuracyGate.versusBaseline(spec.threshold(), filter, spec.baseline());
            }
            case "max_drop_vs_previous" -> RelativeAccuracyGate.versusPrevious(spec.threshold(), filter,
                    spec.previousModel(), previous.orElseGet(() -> previousOf(spec)));
            default -> throw new InvalidInputException("unknown gate type '" + spec.type() + "': use one of " + TYPES);
        };
    }

    public static List<GateVerdict> evaluate(List<GateSpec> specs, List<ScenarioResult> scenarios) {
        return evaluate(specs, scenarios, Optional.empty());
    }

    public static List<GateVerdict> evaluate(List<GateSpec> specs, List<ScenarioResult> scenarios,
            Optional<List<ScenarioResult>> previous) {
        List<GateVerdict> verdicts = new ArrayList<>();
        specs.forEach(spec -> verdicts.addAll(of(spec, previous).evaluate(
                scenarios.stream().filter(s -> spec.coversData(s.dataset(), s.split())).toList())));
        return verdicts;
    }

    private static List<ScenarioResult> previousOf(GateSpec spec) {
        if (spec.previous() == null) {
            throw new InvalidInputException("gate max_drop_vs_previous needs the previous release's report.json: "
                    + "'previous: <file>' in the gate or --previous");
        }
        return ReportFiles.scenarios(Path.of(spec.previous()));
    }
}
