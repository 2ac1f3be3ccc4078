package org.medrobust.reports.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medrobust.reports.schema.RobustnessCurve;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;

/** Accuracy-versus-epsilon curves from a campaign's scenarios: one per (model, split, evasion threat). */
public final class RobustnessCurves {

    private RobustnessCurves() {
    }

    public static List<RobustnessCurve> of(List<ScenarioResult> scenarios) {
        Map<String, ScenarioResult> clean = new LinkedHashMap<>();
        Map<String, List<ScenarioResult>> attacked = new LinkedHashMap<>();
        for (ScenarioResult s : scenarios) {
            if (s.status() != ScenarioStatus.COMPLETED) {
                continue;
            }
            String pair = s.model() + "@" + s.dataset() + "/" + s.split();
            if ("CLEAN".equals(s.family())) {
                clean.put(pair, s);
            } else if ("EVASION".equals(s.family()) && s.parameters().get("eps") instanceof Number) {
                attacked.computeIfAbsent(pair + ":" + s.threat(), k -> new ArrayList<>()).add(s);
            }
        }
        List<RobustnessCurve> curves = new ArrayList<>();
        attacked.forEach((key, list) -> {
            ScenarioResult first = list.getFirst();
            List<RobustnessCurve.Point> points = new ArrayList<>();
            ScenarioResult base = clean.get(key.substring(0, key.lastIndexOf(':')));
            if (base != null) {
                points.add(new RobustnessCurve.Point(0, base.metrics().accuracy(), base.metrics().accuracyCi95()));
            }
            list.stream().sorted(Comparator.comparingDouble(s -> ((Number) s.parameters().get("eps")).doubleValue()))
                    .forEach(s -> points.add(new RobustnessCurve.Point(((Number) s.parameters().get("eps")).doubleValue(),
                            s.metrics().accuracy(), s.metrics().accuracyCi95())));
            curves.add(new RobustnessCurve(first.model(), first.dataset(), first.split(), first.threat(),
                    String.valueOf(first.parameters().get("norm")), points));
        });
        return curves;
    }
}
