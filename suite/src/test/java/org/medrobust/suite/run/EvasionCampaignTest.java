package org.medrobust.suite.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;
import org.medrobust.suite.Campaign;
import org.medrobust.suite.config.CampaignConfig;
import org.medrobust.suite.config.ModelSpec;
import org.medrobust.suite.config.ThreatSpec;
import org.medrobust.suite.fixtures.Configs;
import org.medrobust.suite.fixtures.FakeInputLoader;
import org.medrobust.suite.report.ResultWriter;

/** Attacks in a campaign: resolved with config parameters, skipped without gradients, re-evaluated per sample. */
class EvasionCampaignTest {

    @TempDir
    Path tmp;

    private static CampaignConfig attacked(List<ThreatSpec> threats) {
        CampaignConfig tiny = Configs.tiny().withModels(List.of(ModelSpec.of("builtin:grad_a"), ModelSpec.of("builtin:b")));
        return new CampaignConfig(tiny.name(), tiny.seed(), tiny.batchSize(), tiny.data(), tiny.models(), threats,
                tiny.gates());
    }

    @Test
    void whiteBoxAttacksRunOnGradientModelsAndAreSkippedWithTheReasonOnOthers() throws IOException {
        CampaignConfig config = attacked(List.of(new ThreatSpec("fgsm", null),
                new ThreatSpec("pgd_linf", List.of(2), Map.of("eps", List.of("8/255", "24/255"), "steps", 5))));
        CampaignReport report = new Campaign(config, FakeInputLoader.healthy(), ProgressListener.NONE)
                .run(tmp.resolve("one"));
        new Campaign(config, FakeInputLoader.healthy(), ProgressListener.NONE).run(tmp.resolve("two"));
        assertThat(Files.readAllBytes(tmp.resolve("one").resolve(ResultWriter.REPORT_JSON)))
                .isEqualTo(Files.readAllBytes(tmp.resolve("two").resolve(ResultWriter.REPORT_JSON)));

        List<ScenarioResult> b = report.scenarios().stream().filter(s -> s.model().equals("b")).toList();
        assertThat(b.subList(1, b.size())).allSatisfy(s -> {
            assertThat(s.status()).isEqualTo(ScenarioStatus.SKIPPED);
            assertThat(s.reason()).contains("model b", "no input gradients");
        });
        List<ScenarioResult> grad = report.scenarios().stream().filter(s -> s.model().equals("grad_a")).toList();
        assertThat(grad).allMatch(s -> s.status() == ScenarioStatus.COMPLETED);
        List<Double> fgsm = grad.stream().filter(s -> s.threat().equals("fgsm")).map(s -> s.metrics().accuracy()).toList();
        assertThat(fgsm).hasSize(4).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(fgsm.getLast()).isLessThan(grad.getFirst().metrics().accuracy());

        assertThat(grad.getFirst().attack()).isNull();
        assertThat(grad.get(1).attack().attacked()).isEqualTo(grad.getFirst().metrics().correct());
        assertThat(report.curves()).hasSize(2);
        assertThat(report.curves().getFirst().threat()).isEqualTo("fgsm");
        assertThat(report.curves().getFirst().points()).hasSize(5); // clean + 4 budgets

        ScenarioResult pgd = grad.getLast();
        assertThat(pgd.attack().successRate()).isPositive();
        assertThat(pgd.attack().meanQueries()).isBetween(1.0, 5.0);
        assertThat(pgd.id()).endsWith("pgd_linf/s2");
        assertThat(pgd.parameters()).containsEntry("eps", 24 / 255.0).containsEntry("steps", 5)
                .containsEntry("norm", "Linf").containsKeys("targeted", "restarts", "randomStart", "seed", "queryBudget");
        assertThat(pgd.metrics().meanLinf()).isGreaterThan(0).isLessThanOrEqualTo(24 / 255.0 + 1e-6);
        assertThat(pgd.outcomes()).allSatisfy(o -> {
            assertThat(o.details()).containsKeys("success", "l0", "queries");
            assertThat(o.details().get("success")).isEqualTo(o.prediction() != o.label());
            assertThat((Integer) o.details().get("queries")).isBetween(1, 5);
        });
    }

    @Test
    void anUnknownAttackParameterOrABadBudgetIsOneLine() {
        assertThatThrownBy(() -> attacked(List.of(new ThreatSpec("pgd_linf", null, Map.of("stpes", 5))))
                .threats().forEach(org.medrobust.suite.plan.ThreatCatalog::resolve))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("threat pgd_linf: unknown parameter 'stpes': known are [eps, randomStart, restarts, "
                        + "stepSize, steps]");
        assertThatThrownBy(() -> org.medrobust.suite.plan.ThreatCatalog.resolve(
                new ThreatSpec("fgsm", null, Map.of("eps", "two/255"))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("parameter 'eps' must be");
        assertThatThrownBy(() -> org.medrobust.suite.plan.ThreatCatalog.resolve(
                new ThreatSpec("fgsm", null, Map.of("eps", 2))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("eps must be in [0, 1]");
        assertThatThrownBy(() -> org.medrobust.suite.plan.ThreatCatalog.resolve(
                new ThreatSpec("gaussian_noise", null, Map.of("eps", 2))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("takes no 'parameters'");
    }
}
