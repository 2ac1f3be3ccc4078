package org.medrobust.suite.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medrobust.attacks.evasion.EvasionCatalog;
import org.medrobust.reports.schema.SampleOutcome;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;

/**
 * The masking flags from hand-built results as a report records them (threat id, the attack's recorded parameters,
 * per-sample outcomes): only clean-correct samples count, models and splits are not mixed, each sign lands on its
 * scenario, and a flag a result carries that its outcomes do not give is dropped.
 */
class MaskingFlagsTest {

    /** 10 samples; the first {@code cleanWrong} wrong before the attack, then {@code robust} still correct. */
    private static ScenarioResult result(String model, String threat, int severity, int cleanWrong, int robust) {
        Map<String, Object> parameters = EvasionCatalog.resolve(threat, List.of(severity), Map.of()).getFirst()
                .parameters();
        List<SampleOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            boolean wrongBefore = i < cleanWrong;
            boolean correct = !wrongBefore && i < cleanWrong + robust;
            outcomes.add(new SampleOutcome(i, 0, correct ? 0 : 1, wrongBefore ? 1 : 0, 0.9, 0, 0, Map.of()));
        }
        return ReportAssembler.scenarioResult(model + "@d/test:" + threat + "/s" + severity, model, "d", "test",
                "EVASION", threat, severity, new LinkedHashMap<>(parameters), ScenarioStatus.COMPLETED, null,
                outcomes);
    }

    private static Map<String, String> flags(ScenarioResult... results) {
        return MaskingFlags.derive(List.of(results));
    }

    @Test
    void eachSignLandsOnItsScenario() {
        // Square at 1/255 breaks more than PGD at 2/255 (sign 1)
        assertThat(flags(result("m", "pgd_linf", 2, 0, 8), result("m", "square_linf", 1, 0, 5)))
                .containsOnlyKeys("m@d/test:square_linf/s1");
        // FGSM leaves more at 2/255 than at 1/255 (sign 2)
        assertThat(flags(result("m", "fgsm", 1, 0, 4), result("m", "fgsm", 2, 0, 6)))
                .containsOnlyKeys("m@d/test:fgsm/s2");
        // PGD at 4/255 weaker than FGSM at 2/255 (sign 3)
        assertThat(flags(result("m", "fgsm", 2, 0, 3), result("m", "pgd_linf", 3, 0, 5)))
                .containsOnlyKeys("m@d/test:pgd_linf/s3");
        // DeepFool (unbounded) leaves one sample correct (sign 4)
        assertThat(flags(result("m", "deepfool_l2", 1, 0, 1))).containsOnlyKeys("m@d/test:deepfool_l2/s1");
        assertThat(flags(result("m", "deepfool_l2", 1, 0, 0))).isEmpty();
    }

    @Test
    void onlyCleanCorrectSamplesOfOneModelAndSplitAreCompared() {
        // 4 samples wrong before the attack count for neither: on the 6 others PGD leaves 6 and Square 6
        assertThat(flags(result("m", "pgd_linf", 1, 4, 6), result("m", "square_linf", 1, 4, 6))).isEmpty();
        // the same numbers on two models are not compared across them
        assertThat(flags(result("a", "pgd_linf", 1, 0, 8), result("b", "square_linf", 1, 0, 2))).isEmpty();
    }

    @Test
    void applySetsExactlyTheDerivedFlags() {
        ScenarioResult pgd = result("m", "pgd_linf", 1, 0, 5);
        ScenarioResult square = result("m", "square_linf", 1, 0, 5);
        ScenarioResult stale = new ScenarioResult(square.id(), square.model(), square.dataset(), square.split(),
                square.family(), square.threat(), square.severity(), square.parameters(), square.status(),
                square.reason(), square.metrics(), square.outcomes(), square.attack().withGradientMasking("edited"));
        assertThat(MaskingFlags.apply(List.of(pgd, stale))).extracting(s -> s.attack().gradientMasking())
                .containsOnlyNulls();
    }
}
