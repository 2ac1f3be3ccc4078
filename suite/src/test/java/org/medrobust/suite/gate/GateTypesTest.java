package org.medrobust.suite.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.reports.json.ResultJson;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.GateVerdict;
import org.medrobust.reports.schema.GateVerdict.Status;
import org.medrobust.reports.schema.ScenarioMetrics;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;
import org.medrobust.reports.stats.WilsonInterval;
import org.medrobust.suite.config.GateSpec;

/** Absolute, statistical and relative gates on hand-made results whose verdicts are worked out by hand. */
class GateTypesTest {

    @TempDir
    Path tmp;

    static ScenarioResult pgd(String model, double eps, int correct, int samples) {
        return scenario(model, "pgd_linf", "EVASION", 1, Map.of("eps", eps, "norm", "Linf"), correct, samples);
    }

    static ScenarioResult scenario(String model, String threat, String family, int severity,
            Map<String, Object> parameters, int correct, int samples) {
        String id = model + "@d/test:" + threat + (severity == 0 ? "" : "/s" + severity);
        double[] ci = WilsonInterval.of95(correct, samples);
        return new ScenarioResult(id, model, "d", "test", family, threat, severity, parameters,
                ScenarioStatus.COMPLETED, null,
                new ScenarioMetrics(samples, correct, (double) correct / samples, ci, 0, 0, 0, 0), List.of());
    }

    static GateSpec spec(String type, double threshold, String threat, String model, Map<String, Object> where,
            String bound, String baseline) {
        return new GateSpec(type, threshold, threat, null, model, where, bound, baseline, null, null);
    }

    private static List<Status> statuses(List<GateVerdict> verdicts) {
        return verdicts.stream().map(GateVerdict::status).toList();
    }

    @Test
    void absoluteGateOnAThreatMatchesTheBudgetGivenAsAFraction() {
        List<ScenarioResult> results = List.of(pgd("a", 1 / 255.0, 55, 100), pgd("b", 1 / 255.0, 45, 100),
                pgd("a", 8 / 255.0, 5, 100));
        List<GateVerdict> verdicts = Gates.evaluate(List.of(spec("min_accuracy", 0.5, "pgd_linf", null,
                Map.of("eps", "1/255"), null, null)), results);
        // the eps 8/255 scenario is out of scope; a passes with 0.55, b fails with 0.45
        assertThat(verdicts).extracting(GateVerdict::subject).containsExactly(results.get(0).id(), results.get(1).id());
        assertThat(statuses(verdicts)).containsExactly(Status.PASS, Status.FAIL);
        assertThat(verdicts.get(0).gate()).isEqualTo("accuracy under pgd_linf eps=1/255 >= 0.500");
        assertThat(verdicts.get(1).detail()).startsWith("accuracy 0.4500");
    }

    @Test
    void aGateMatchingNothingIsNotEvaluatedRatherThanPassed() {
        List<GateVerdict> verdicts = Gates.evaluate(List.of(spec("min_accuracy", 0.5, "pgd_lnf", null, null, null,
                null)), List.of(pgd("a", 1 / 255.0, 99, 100)));
        assertThat(statuses(verdicts)).containsExactly(Status.NOT_EVALUATED);
    }

    @Test
    void statisticalGateJudgesTheWilsonLowerBound() {
        // 9/10 = 0.9 clears 0.8, but its Wilson interval starts at 0.596; 90/100 starts at 0.826 and passes
        List<ScenarioResult> results = List.of(pgd("small", 1 / 255.0, 9, 10), pgd("large", 1 / 255.0, 90, 100));
        List<GateVerdict> point = Gates.evaluate(List.of(spec("min_accuracy", 0.8, "pgd_linf", null, null, "point",
                null)), results);
        List<GateVerdict> lower = Gates.evaluate(List.of(spec("min_accuracy", 0.8, "pgd_linf", null, null,
                "ci_lower", null)), results);
        assertThat(statuses(point)).containsExactly(Status.PASS, Status.PASS);
        assertThat(statuses(lower)).containsExactly(Status.FAIL, Status.PASS);
        assertThat(results.get(0).metrics().accuracyCi95()[0]).isBetween(0.59, 0.60);
        assertThat(lower.get(0).gate()).startsWith("95%-CI lower bound of accuracy");
    }

    @Test
    void statisticalCleanGate() {
        List<ScenarioResult> results = List.of(scenario("m", "clean", "CLEAN", 0, Map.of(), 9, 10));
        assertThat(statuses(Gates.evaluate(List.of(spec("min_clean_accuracy", 0.8, null, null, null, "ci_lower",
                null)), results))).containsExactly(Status.FAIL);
        assertThat(statuses(Gates.evaluate(List.of(spec("min_clean_accuracy", 0.8, null, null, null, null, null)),
                results))).containsExactly(Status.PASS);
    }

    @Test
    void relativeToABaselineModelAllowsTwoPoints() {
        List<ScenarioResult> results = List.of(pgd("cnn", 1 / 255.0, 60, 100), pgd("vim", 1 / 255.0, 58, 100),
                pgd("vit", 1 / 255.0, 57, 100));
        List<GateVerdict> verdicts = Gates.evaluate(List.of(spec("max_drop_vs_baseline", 0.02, null, null, null,
                null, "cnn")), results);
        // 2 points worse is allowed (exactly at the bound), 3 is not; the baseline is not judged against itself
        assertThat(verdicts).extracting(GateVerdict::subject).containsExactly(results.get(1).id(), results.get(2).id());
        assertThat(statuses(verdicts)).containsExactly(Status.PASS, Status.FAIL);
        assertThat(verdicts.get(1).detail()).isEqualTo("accuracy 0.5700, baseline cnn 0.6000, difference -0.0300");
    }

    @Test
    void relativeToABaselineWithoutTheScenarioIsNotEvaluated() {
        List<GateVerdict> verdicts = Gates.evaluate(List.of(spec("max_drop_vs_baseline", 0.02, null, null, null,
                null, "cnn")), List.of(pgd("vim", 1 / 255.0, 58, 100)));
        assertThat(statuses(verdicts)).containsExactly(Status.NOT_EVALUATED);
        assertThat(verdicts.getFirst().detail()).contains("no scenario cnn@d/test:pgd_linf/s1");
        assertThatThrownBy(() -> Gates.of(spec("max_drop_vs_baseline", 0.02, null, null, null, null, null)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("baseline");
    }

    @Test
    void relativeToThePreviousReleaseReadFromItsReport() throws Exception {
        List<ScenarioResult> before = List.of(pgd("model", 1 / 255.0, 70, 100),
                scenario("model", "clean", "CLEAN", 0, Map.of(), 90, 100));
        Path previous = tmp.resolve("report.json");
        Files.writeString(previous, ResultJson.pretty().writeValueAsString(new CampaignReport(CampaignReport.SCHEMA,
                "c", 1, Map.of(), "x", List.of(), List.of(), before, List.of())));
        List<ScenarioResult> now = List.of(pgd("model", 1 / 255.0, 69, 100),
                scenario("model", "clean", "CLEAN", 0, Map.of(), 87, 100));
        GateSpec fromFile = new GateSpec("max_drop_vs_previous", 0.02, null, null, null, null, null, null,
                previous.toString(), null);
        List<GateVerdict> verdicts = Gates.evaluate(List.of(fromFile), now);
        assertThat(statuses(verdicts)).containsExactly(Status.PASS, Status.FAIL);
        // a renamed model is found through previousModel; --previous (the Optional) overrides the file
        List<ScenarioResult> renamed = List.of(pgd("v2", 1 / 255.0, 69, 100));
        GateSpec mapped = new GateSpec("max_drop_vs_previous", 0.02, null, null, null, null, null, null, null,
                "model");
        assertThat(statuses(Gates.evaluate(List.of(mapped), renamed, Optional.of(before))))
                .containsExactly(Status.PASS);
        assertThatThrownBy(() -> Gates.evaluate(List.of(new GateSpec("max_drop_vs_previous", 0.02, null, null, null,
                null, null, null, null, null)), now)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--previous");
    }

    @Test
    void badBoundAndBadFractionAreOneLineErrors() {
        assertThatThrownBy(() -> spec("min_accuracy", 0.5, null, null, null, "lower", null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("bound must be one of");
        assertThatThrownBy(() -> Gates.of(spec("min_accuracy", 0.5, null, null, Map.of("eps", "1/e"), null, null)))
                .isInstanceOf(InvalidInputException.class);
    }
}
