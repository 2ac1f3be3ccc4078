package org.medrobust.suite.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medrobust.attacks.evasion.AutoAttackEnsemble;
import org.medrobust.attacks.evasion.EvasionAttack;
import org.medrobust.attacks.evasion.MaskingCheck;
import org.medrobust.reports.schema.SampleOutcome;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;
import org.medrobust.suite.run.ScenarioRecord;

/**
 * Marks evasion results suspect of gradient masking ({@link MaskingCheck}): per model and data split, a black-box
 * scenario that beats the white-box scenarios of the same budget, and an ensemble whose black-box member broke
 * what its white-box members left. The reason lands in the scenario's {@code attack.gradientMasking}.
 */
final class MaskingFlags {

    private MaskingFlags() {
    }

    /** {@code results} with the flags set; {@code results.get(k)} must come from {@code records.get(k)}. */
    static List<ScenarioResult> apply(List<ScenarioRecord> records, List<ScenarioResult> results) {
        Map<String, List<MaskingCheck.Run>> groups = new LinkedHashMap<>();
        Map<String, String> warnings = new LinkedHashMap<>();
        for (ScenarioRecord r : records) {
            if (r.status() != ScenarioStatus.COMPLETED || !(r.scenario().threat() instanceof EvasionAttack attack)) {
                continue;
            }
            Map<Integer, Boolean> correct = new LinkedHashMap<>();
            List<String> brokenBy = new ArrayList<>();
            for (SampleOutcome o : r.outcomes()) {
                if (o.cleanPrediction() == o.label()) { // only what the attack could break
                    correct.put(o.index(), o.correct());
                    brokenBy.add(String.valueOf(o.details().getOrDefault("brokenBy", "none")));
                }
            }
            groups.computeIfAbsent(r.scenario().modelId() + "\n" + r.scenario().dataKey(), k -> new ArrayList<>())
                    .add(new MaskingCheck.Run(r.scenario().id(), attack, correct));
            if (attack instanceof AutoAttackEnsemble ensemble) {
                String w = MaskingCheck.ensemble(brokenBy, ensemble.blackBoxMembers());
                if (w != null) {
                    warnings.put(r.scenario().id(), w);
                }
            }
        }
        groups.values().forEach(runs -> warnings.putAll(MaskingCheck.compare(runs)));
        if (warnings.isEmpty()) {
            return results;
        }
        List<ScenarioResult> out = new ArrayList<>(results.size());
        for (ScenarioResult s : results) {
            String w = warnings.get(s.id());
            out.add(w == null || s.attack() == null ? s : new ScenarioResult(s.id(), s.model(), s.dataset(), s.split(),
                    s.family(), s.threat(), s.severity(), s.parameters(), s.status(), s.reason(), s.metrics(),
                    s.outcomes(), s.attack().withGradientMasking(w)));
        }
        return out;
    }
}
