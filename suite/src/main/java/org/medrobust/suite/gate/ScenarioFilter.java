package org.medrobust.suite.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;

/**
 * Which scenarios a gate applies to: a threat id ("clean" is the clean pass), a severity, a model, and values of the
 * threat's recorded parameters ({@code where: {eps: 1/255}}). Skipped scenarios never match: a model that cannot
 * take a threat has no result to judge, and the skip is already in the report with its reason.
 */
record ScenarioFilter(String threat, Integer severity, String model, Map<String, Object> where) {

    /** Parameters recorded as doubles (eps 1/255 = 0.00392156862745098) match a config's "1/255" to this margin. */
    private static final double NUMERIC_TOLERANCE = 1e-9;

    ScenarioFilter {
        where = where == null ? Map.of() : where;
        where.forEach((key, value) -> {
            if (value instanceof String text && looksNumeric(text) && number(text) == null) {
                throw new InvalidInputException("gate: where." + key + " '" + text + "' is not a number");
            }
        });
    }

    boolean matches(ScenarioResult s) {
        return s.status() != ScenarioStatus.SKIPPED
                && (threat == null || threat.equals(s.threat()))
                && (severity == null || severity == s.severity())
                && (model == null || model.equals(s.model()))
                && where.entrySet().stream().allMatch(e -> sameValue(
                        s.parameters() == null ? null : s.parameters().get(e.getKey()), e.getValue()));
    }

    List<ScenarioResult> select(List<ScenarioResult> scenarios) {
        return scenarios.stream().filter(this::matches).toList();
    }

    /** "pgd_linf eps=1/255", for gate names; empty when the filter is open. */
    String describe() {
        List<String> parts = new ArrayList<>();
        if (threat != null) {
            parts.add(threat);
        }
        if (severity != null) {
            parts.add("s" + severity);
        }
        where.forEach((key, value) -> parts.add(key + "=" + value));
        if (model != null) {
            parts.add("model " + model);
        }
        return String.join(" ", parts);
    }

    private static boolean sameValue(Object recorded, Object wanted) {
        if (recorded == null) {
            return false;
        }
        Double a = number(recorded);
        Double b = number(wanted);
        if (a != null && b != null) {
            return Math.abs(a - b) <= NUMERIC_TOLERANCE * Math.max(1.0, Math.abs(b));
        }
        return String.valueOf(recorded).equals(String.valueOf(wanted));
    }

    /** A number, a numeric string, or a fraction "p/q"; null for anything else. */
    private static Double number(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (!(value instanceof String text) || !looksNumeric(text)) {
            return null;
        }
        try {
            int slash = text.indexOf('/');
            return slash < 0 ? Double.parseDouble(text.strip())
                    : Double.parseDouble(text.substring(0, slash).strip())
                            / Double.parseDouble(text.substring(slash + 1).strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean looksNumeric(String text) {
        return text.strip().toLowerCase(Locale.ROOT).matches("[-+0-9.e]+(/[-+0-9.e]+)?");
    }
}
