package org.medrobust.suite.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.medrobust.attacks.evasion.MaskingCheck;
import org.medrobust.datasets.threat.ThreatFamily;
import org.medrobust.reports.schema.AttackMetrics;
import org.medrobust.reports.schema.SampleOutcome;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;

/**
 * Marks evasion results suspect of gradient masking ({@link MaskingCheck}): per model and data split, from what the
 * results record (threat id, parameters, per-sample outcomes), so a report written by a campaign and one rebuilt
 * from its journal by {@code medrobust verify} get the same flags. The reason lands in the scenario's
 * {@code attack.gradientMasking}.
 */
public final class MaskingFlags {

    private MaskingFlags() {
    }

    /** Per scenario id, the warning its results give; scenarios without one are absent. */
    public static Map<String, String> derive(List<ScenarioResult> results) {
        Map<String, List<MaskingCheck.Run>> groups = new LinkedHashMap<>();
        Map<String, String> warnings = new LinkedHashMap<>();
        for (ScenarioResult s : results) {
            if (s.status() != ScenarioStatus.COMPLETED || !ThreatFamily.EVASION.name().equals(s.family())
                    || s.outcomes() == null) {
                continue;
            }
            Map<Integer, Boolean> correct = new LinkedHashMap<>();
            List<String> brokenBy = new ArrayList<>();
            for (SampleOutcome o : s.outcomes()) {
                if (o.cleanPrediction() == o.label()) { // only what the attack could break
                    correct.put(o.index(), o.correct());
                    brokenBy.add(String.valueOf(o.details().getOrDefault("brokenBy", "none")));
                }
            }
            groups.computeIfAbsent(s.model() + "\n" + s.dataset() + "/" + s.split(), k -> new ArrayList<>())
                    .add(MaskingCheck.Run.of(s.id(), s.threat(), MaskingCheck.access(s.threat()), s.parameters(),
                            correct));
            Set<String> blackBoxes = MaskingCheck.ensembleBlackBoxes(s.threat());
            String w = blackBoxes.isEmpty() ? null : MaskingCheck.ensemble(brokenBy, blackBoxes);
            if (w != null) {
                warnings.put(s.id(), w);
            }
        }
        groups.values().forEach(runs -> MaskingCheck.compare(runs).forEach((id, w) ->
                warnings.merge(id, w, (a, b) -> a + "; " + b)));
        return warnings;
    }

    /** {@code results} with exactly the derived flags set (a flag they carried that is not derived is dropped). */
    public static List<ScenarioResult> apply(List<ScenarioResult> results) {
        Map<String, String> warnings = derive(results);
        List<ScenarioResult> out = new ArrayList<>(results.size());
        for (ScenarioResult s : results) {
            String w = warnings.get(s.id());
            AttackMetrics a = s.attack();
            out.add(a == null || java.util.Objects.equals(w, a.gradientMasking()) ? s : new ScenarioResult(s.id(),
                    s.model(), s.dataset(), s.split(), s.family(), s.threat(), s.severity(), s.parameters(),
                    s.status(), s.reason(), s.metrics(), s.outcomes(), a.withGradientMasking(w)));
        }
        return out;
    }
}
