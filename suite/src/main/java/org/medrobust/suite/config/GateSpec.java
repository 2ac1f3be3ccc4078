package org.medrobust.suite.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medrobust.datasets.InvalidInputException;

/**
 * A pass/fail rule checked after the campaign (or later by {@code medrobust gate}); a failed gate exits with code 1.
 * Optional settings added after the first gate types are left out of the config hash when absent, so older configs
 * keep their identity. Every type and setting is described in docs/gates.md.
 *
 * @param type          min_clean_accuracy, max_accuracy_drop, min_accuracy (absolute, any threat),
 *                      max_drop_vs_baseline (relative to another model) or max_drop_vs_previous (relative to a
 *                      previous release's report.json)
 * @param threshold     the bound, a fraction in [0, 1] (an accuracy, or a drop in accuracy: 0.02 is 2 points)
 * @param threat        restrict to this threat id ("clean" for the clean pass; default: every threat)
 * @param severity      restrict to this severity (default: every severity)
 * @param model         restrict to this model id (default: every model)
 * @param where         restrict to scenarios whose recorded threat parameters have these values, e.g.
 *                      {@code {eps: 1/255}} (numbers and fractions compare numerically)
 * @param bound         {@code point} (default): the measured accuracy must clear the threshold; {@code ci_lower}: the
 *                      lower end of its 95 % Wilson interval must (a statistical gate: a small sample cannot pass by
 *                      luck); for min_clean_accuracy and min_accuracy
 * @param baseline      max_drop_vs_baseline: the model every other model is compared with, scenario by scenario
 * @param previous      max_drop_vs_previous: the previous release's report.json (also {@code medrobust gate
 *                      --previous}, which takes precedence)
 * @param previousModel max_drop_vs_previous: the model's id in the previous report when it had another name
 * @param data          restrict to scenarios on this data set: its name ({@code pneumoniamnist}) or name/split
 *                      ({@code pneumoniamnist/test}); default: every data set. A claim about the intended population
 *                      then does not apply to a second data set that is there to show a shift
 */
public record GateSpec(String type, Double threshold, String threat, Integer severity, String model,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> where,
        @JsonInclude(JsonInclude.Include.NON_NULL) String bound,
        @JsonInclude(JsonInclude.Include.NON_NULL) String baseline,
        @JsonInclude(JsonInclude.Include.NON_NULL) String previous,
        @JsonInclude(JsonInclude.Include.NON_NULL) String previousModel,
        @JsonInclude(JsonInclude.Include.NON_NULL) String data) {

    public static final List<String> BOUNDS = List.of("point", "ci_lower");

    public GateSpec {
        if (type == null || threshold == null) {
            throw new InvalidInputException("a gate needs a 'type' and a 'threshold'");
        }
        if (threshold < 0 || threshold > 1) {
            throw new InvalidInputException("gate " + type + ": threshold must be in [0, 1], got " + threshold);
        }
        if (bound != null && !BOUNDS.contains(bound)) {
            throw new InvalidInputException("gate " + type + ": bound must be one of " + BOUNDS + ", got '" + bound
                    + "'");
        }
        where = where == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(where));
    }

    public GateSpec(String type, Double threshold, String threat, Integer severity, String model) {
        this(type, threshold, threat, severity, model, null, null, null, null, null);
    }

    public GateSpec(String type, Double threshold, String threat, Integer severity, String model,
            Map<String, Object> where, String bound, String baseline, String previous, String previousModel) {
        this(type, threshold, threat, severity, model, where, bound, baseline, previous, previousModel, null);
    }

    /** This gate on every data set: {@code run --data} replaced the data its {@code data} named. */
    public GateSpec onAnyData() {
        return new GateSpec(type, threshold, threat, severity, model, where, bound, baseline, previous, previousModel);
    }

    /** Whether a scenario on data set {@code dataset}, split {@code split} is one this gate judges. */
    public boolean coversData(String dataset, String split) {
        return data == null || data.equals(dataset) || data.equals(dataset + "/" + split);
    }

    /** Whether the lower end of the 95 % interval is judged instead of the point estimate. */
    public boolean lowerBound() {
        return "ci_lower".equals(bound);
    }
}
