package org.medrobust.suite.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.reports.schema.GateVerdict;
import org.medrobust.reports.schema.ScenarioMetrics;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;
import org.medrobust.suite.config.GateSpec;

class GatesTest {

    private static ScenarioResult result(String model, String threat, int severity, double accuracy) {
        String family = severity == 0 ? "CLEAN" : "PERTURBATION";
        int correct = (int) Math.round(accuracy * 100);
        return new ScenarioResult(model + ":" + threat + severity, model, "d", "test", family, threat, severity, Map.of(),
                ScenarioStatus.COMPLETED, null,
                new ScenarioMetrics(100, correct, accuracy, new double[] {0, 1}, 0, 0, 0, 0), List.of());
    }

    private static final List<ScenarioResult> RESULTS = List.of(
            result("m1", "clean", 0, 0.90), result("m1", "gaussian_noise", 1, 0.88), result("m1", "gaussian_noise", 5, 0.60),
            result("m2", "clean", 0, 0.70), result("m2", "gaussian_noise", 1, 0.69), result("m2", "gaussian_noise", 5, 0.68));

    @Test
    void minCleanAccuracyJudgesEachModel() {
        List<GateVerdict> verdicts = Gates.evaluate(List.of(new GateSpec("min_clean_accuracy", 0.8, null, null, null)),
                RESULTS);
        assertThat(verdicts).extracting(GateVerdict::passed).containsExactly(true, false);
        assertThat(verdicts.get(1).detail()).contains("0.7000 (70/100)");
    }

    @Test
    void maxAccuracyDropComparesWithTheSameModelsCleanAccuracy() {
        List<GateVerdict> all = Gates.evaluate(List.of(new GateSpec("max_accuracy_drop", 0.1, null, null, null)), RESULTS);
        assertThat(all).extracting(GateVerdict::passed).containsExactly(true, false, true, true);
        List<GateVerdict> mild = Gates.evaluate(List.of(new GateSpec("max_accuracy_drop", 0.1, "gaussian_noise", 1, "m1")),
                RESULTS);
        assertThat(mild).singleElement().satisfies(v -> assertThat(v.passed()).isTrue());
        // exactly at the bound passes
        List<GateVerdict> edge = Gates.evaluate(List.of(new GateSpec("max_accuracy_drop", 0.02, null, 1, "m1")), RESULTS);
        assertThat(edge).singleElement().satisfies(v -> assertThat(v.passed()).isTrue());
    }

    @Test
    void aFailedScenarioLeavesTheGatesThatCoverItWithoutVerdict() {
        ScenarioResult failed = new ScenarioResult("m1:gn3", "m1", "d", "test", "PERTURBATION", "gaussian_noise", 3,
                Map.of(), ScenarioStatus.FAILED, "non-finite logits", null, null);
        ScenarioResult failedClean = new ScenarioResult("m3:clean0", "m3", "d", "test", "CLEAN", "clean", 0,
                Map.of(), ScenarioStatus.FAILED, "non-finite logits", null, null);
        List<ScenarioResult> results = new java.util.ArrayList<>(RESULTS);
        results.add(failed);
        results.add(failedClean);
        List<GateVerdict> drop = Gates.evaluate(List.of(new GateSpec("max_accuracy_drop", 0.5, null, 3, null)),
                results);
        assertThat(drop).singleElement().satisfies(v -> {
            assertThat(v.status()).isEqualTo(GateVerdict.Status.NOT_EVALUATED);
            assertThat(v.detail()).contains("non-finite logits");
        });
        List<GateVerdict> clean = Gates.evaluate(List.of(new GateSpec("min_clean_accuracy", 0.5, null, null, "m3")),
                results);
        assertThat(clean).singleElement().satisfies(v -> {
            assertThat(v.status()).isEqualTo(GateVerdict.Status.NOT_EVALUATED);
            assertThat(v.detail()).contains("clean pass failed", "non-finite logits");
        });
    }

    @Test
    void unknownGateTypeIsBadInput() {
        assertThatThrownBy(() -> Gates.of(new GateSpec("min_auc", 0.8, null, null, null)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("unknown gate type 'min_auc'");
    }
}
