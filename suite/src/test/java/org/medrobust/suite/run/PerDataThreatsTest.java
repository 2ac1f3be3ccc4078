package org.medrobust.suite.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.GateVerdict;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.suite.Campaign;
import org.medrobust.suite.config.CampaignConfig;
import org.medrobust.suite.config.ConfigLoader;
import org.medrobust.suite.config.DataSpec;
import org.medrobust.suite.config.GateSpec;
import org.medrobust.suite.config.ModelSpec;
import org.medrobust.suite.config.ThreatSpec;
import org.medrobust.suite.fixtures.FakeInputLoader;
import org.medrobust.suite.gate.Gates;
import org.medrobust.suite.plan.Scenario;

/** A data entry's {@code threats} selects which threat entries run on it; a gate's {@code data} which data it judges. */
class PerDataThreatsTest {

    @TempDir
    Path tmp;

    private static CampaignConfig config(List<String> valThreats, GateSpec gate) {
        return new CampaignConfig("per-data", 7L, 32,
                List.of(new DataSpec("builtin:tiny", "test", 40),
                        new DataSpec("builtin:tiny", "val", 40, null, null, null, valThreats)),
                List.of(ModelSpec.of("builtin:a")),
                List.of(new ThreatSpec("gaussian_noise", List.of(1)), new ThreatSpec("site_xray_severe", null)),
                List.of(gate));
    }

    private static GateSpec cleanGate(String data) {
        return new GateSpec("min_clean_accuracy", 0.0, null, null, null, null, null, null, null, null, data);
    }

    @Test
    void eachDataSetRunsOnlyTheThreatsItNamesAndTheCleanPass() {
        CampaignReport report = new Campaign(config(List.of("site_xray_severe"), cleanGate(null)),
                FakeInputLoader.healthy(), ProgressListener.NONE).run(tmp.resolve("one"));
        assertThat(report.scenarios()).extracting(ScenarioResult::id).containsExactly(
                "a@tiny/test:clean", "a@tiny/test:gaussian_noise/s1", "a@tiny/test:site_xray_severe",
                "a@tiny/val:clean", "a@tiny/val:site_xray_severe");
        // the site shift on the val data is the same scenario as it would be without the selection
        CampaignReport all = new Campaign(config(null, cleanGate(null)), FakeInputLoader.healthy(),
                ProgressListener.NONE).run(tmp.resolve("all"));
        assertThat(all.scenarios()).hasSize(6);
        assertThat(outcomes(report, "a@tiny/val:site_xray_severe")).isEqualTo(outcomes(all, "a@tiny/val:site_xray_severe"));

        try (Campaign.Prepared cleanOnly = new Campaign(config(List.of(), cleanGate(null)), FakeInputLoader.healthy(),
                ProgressListener.NONE).prepare()) {
            assertThat(cleanOnly.plan()).extracting(Scenario::id).endsWith("a@tiny/test:site_xray_severe",
                    "a@tiny/val:clean");
        }

        // a gate restricted to a data set judges only its scenarios (by name/split or by name)
        assertThat(Gates.evaluate(List.of(cleanGate("tiny/val")), report.scenarios())).extracting(GateVerdict::subject)
                .containsExactly("a@tiny/val:clean");
        assertThat(Gates.evaluate(List.of(cleanGate("tiny")), report.scenarios())).extracting(GateVerdict::subject)
                .containsExactly("a@tiny/test:clean", "a@tiny/val:clean");
        assertThat(cleanGate("tiny/val").onAnyData().data()).isNull();
    }

    @Test
    void theSelectionIsPartOfTheConfigAndItsIdentity() {
        String all = ConfigLoader.sha256(config(null, cleanGate(null)));
        String none = ConfigLoader.sha256(config(List.of(), cleanGate(null)));
        String one = ConfigLoader.sha256(config(List.of("site_xray_severe"), cleanGate(null)));
        assertThat(List.of(all, none, one)).doesNotHaveDuplicates();
        // absent stays absent in the recorded config: configs written before the setting keep their SHA-256
        assertThat(ConfigLoader.toMap(config(null, cleanGate(null))).toString()).doesNotContain("threats=null");
        assertThat(ConfigLoader.toMap(config(List.of(), cleanGate(null))).toString()).contains("threats=[]");
    }

    @Test
    void anUnknownOrRepeatedThreatIsAOneLineError() {
        assertThatThrownBy(() -> config(List.of("pgd_linf"), cleanGate(null)).requireRunnable("c.yaml"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("c.yaml: data 'builtin:tiny' names threat 'pgd_linf', which the campaign does not run (its"
                        + " threats: [clean, gaussian_noise, site_xray_severe])");
        assertThatThrownBy(() -> new DataSpec("x.npz", null, null, null, null, null, List.of("a", "a")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("listed twice");
    }

    private static List<?> outcomes(CampaignReport report, String id) {
        return report.scenarios().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow().outcomes();
    }
}
