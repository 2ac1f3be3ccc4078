package org.medrobust.suite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.perturbations.PerturbationCatalog;
import org.medrobust.perturbations.Perturbation;
import org.medrobust.perturbations.mitigation.MitigatedShift;
import org.medrobust.suite.cli.CliTest.Result;
import org.medrobust.suite.plan.Scenario;

/**
 * "Site X + mitigation Y" scenarios through a campaign: {@code mitigations:} on a threat entry adds one scenario per
 * method on the same shifted images, and report.json's shift section states the accuracy each recovers (mitigated
 * minus unmitigated, paired), which index.html shows.
 */
class MitigationCampaignTest {

    @TempDir
    Path tmp;

    @Test
    void mitigatedScenariosRecordWhatTheyRecover() throws IOException {
        Path config = Files.writeString(tmp.resolve("m.yaml"), """
                seed: 5
                data: [{source: "builtin:phantom", limit: 40}]
                models: [{source: "builtin:phantom_cnn"}]
                threats: [{id: site_xray_severe, mitigations: [histogram_matching, rewindow]}]
                """);
        Path out = tmp.resolve("out");
        Result run = CliTest.cli("run", "--config", config.toString(), "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        List<String> threats = new ArrayList<>();
        report.path("scenarios").forEach(s -> threats.add(s.path("threat").asText()));
        assertThat(threats).containsExactly("clean", "site_xray_severe", "site_xray_severe+histogram_matching",
                "site_xray_severe+rewindow");
        JsonNode base = report.path("scenarios").get(1);
        for (int i = 2; i <= 3; i++) {
            JsonNode mitigated = report.path("scenarios").get(i);
            assertThat(mitigated.path("family").asText()).isEqualTo("DOMAIN_SHIFT");
            assertThat(mitigated.path("parameters").path("mitigates").asText()).isEqualTo("site_xray_severe");
            assertThat(mitigated.path("parameters").path("mitigation.referenceImages").asInt()).isEqualTo(40);
            JsonNode shift = report.path("shift").path("scenarios").get(i);
            assertThat(shift.path("scenario").asText()).isEqualTo(mitigated.path("id").asText());
            JsonNode recovery = shift.path("recovery");
            assertThat(recovery.path("of").asText()).isEqualTo(base.path("id").asText());
            double expected = accuracy(mitigated) - accuracy(base);
            assertThat(recovery.path("recovered").asDouble()).isCloseTo(expected,
                    org.assertj.core.api.Assertions.within(1e-12));
            assertThat(recovery.path("lower").asDouble()).isLessThanOrEqualTo(expected);
            assertThat(recovery.path("upper").asDouble()).isGreaterThanOrEqualTo(expected);
        }
        assertThat(report.path("shift").path("scenarios").get(1).has("recovery")).isFalse();
        assertThat(Files.readString(out.resolve("index.html"))).contains("<th>recovered</th>",
                "site_xray_severe+rewindow");
    }

    /** The mitigated scenario draws the shift's own random stream: the same shifted images, a paired comparison. */
    @Test
    void aMitigatedScenarioSharesItsShiftsRandomStream() {
        Perturbation shift = PerturbationCatalog.create("site_xray_mild", 1);
        Scenario alone = Scenario.of("m", "d/test", shift, null);
        Scenario mitigated = Scenario.of("m", "d/test", new MitigatedShift(shift, "rewindow"), null);
        assertThat(mitigated.randomKey()).isEqualTo(alone.randomKey());
        assertThat(mitigated.id()).isEqualTo("m@d/test:site_xray_mild+rewindow").isNotEqualTo(alone.id());
    }

    @Test
    void impossibleMitigationsAreOneLineErrors() throws IOException {
        expectError("{id: site_xray_mild, mitigations: [sharpen]}", "unknown mitigation 'sharpen'");
        expectError("{id: site_xray_mild, mitigations: [macenko]}", "macenko needs RGB");
        expectError("{id: site_xray_mild, mitigations: [rewindow, rewindow]}", "listed twice");
        expectError("{id: fgsm, mitigations: [rewindow]}", "'mitigations' apply to corruptions and site shifts");
    }

    private void expectError(String threat, String fragment) throws IOException {
        Path config = Files.writeString(tmp.resolve("bad.yaml"), """
                data: [{source: "builtin:phantom", limit: 8}]
                models: [{source: "builtin:phantom_cnn"}]
                threats: [%s]
                """.formatted(threat));
        Result result = CliTest.cli("run", "--config", config.toString(), "--out", tmp.resolve("o").toString());
        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.err().strip()).doesNotContain("\n").contains(fragment);
        assertThat(tmp.resolve("o")).doesNotExist();
    }

    private static double accuracy(JsonNode scenario) {
        return scenario.path("metrics").path("accuracy").asDouble(Double.NaN);
    }
}
