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
import org.medrobust.perturbations.mitigation.Rewindowing;
import org.medrobust.suite.cli.CliTest.Result;
import org.medrobust.suite.config.DataSpec;
import org.medrobust.suite.config.ReferenceSpec;
import org.medrobust.suite.config.ThreatSpec;
import org.medrobust.suite.inputs.DefaultInputLoader;
import org.medrobust.suite.plan.MitigationReference;
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
                threats: [{id: site_xray_severe, mitigations: [histogram_matching, rewindow],
                           reference: {source: "builtin:phantom", split: val, limit: 30}}]
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
        MitigationReference reference = phantomReference("val", 30);
        // fitted on the reference, not on the evaluated images: the recorded window is the reference's, and a fit on
        // the 40 evaluated images (what earlier versions did) would have given another one
        JsonNode rewindow = report.path("scenarios").get(3).path("parameters");
        var fitted = Rewindowing.fit(reference.images()).parameters();
        var onEvaluated = Rewindowing.fit(phantomReference("test", 40).images()).parameters();
        assertThat(rewindow.path("mitigation.targetLow").asDouble()).isEqualTo((double) fitted.get("targetLow"));
        assertThat(rewindow.path("mitigation.targetHigh").asDouble()).isEqualTo((double) fitted.get("targetHigh"));
        assertThat(onEvaluated.get("targetLow")).isNotEqualTo(fitted.get("targetLow"));
        assertThat(report.path("config").path("threats").get(0).path("reference").path("split").asText())
                .isEqualTo("val");
        for (int i = 2; i <= 3; i++) {
            JsonNode mitigated = report.path("scenarios").get(i);
            assertThat(mitigated.path("family").asText()).isEqualTo("DOMAIN_SHIFT");
            assertThat(mitigated.path("parameters").path("mitigates").asText()).isEqualTo("site_xray_severe");
            assertThat(mitigated.path("parameters").path("mitigation.referenceImages").asInt()).isEqualTo(30);
            assertThat(mitigated.path("parameters").path("mitigation.reference").asText())
                    .isEqualTo("builtin:phantom val");
            assertThat(mitigated.path("parameters").path("mitigation.referenceImagesSha256").asText())
                    .isEqualTo(reference.sha256());
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
        String ref = ", reference: {source: builtin:phantom}";
        expectError("{id: site_xray_mild, mitigations: [sharpen]" + ref + "}", "unknown mitigation 'sharpen'");
        expectError("{id: site_xray_mild, mitigations: [macenko]" + ref + "}", "macenko needs RGB");
        expectError("{id: site_xray_mild, mitigations: [rewindow, rewindow]" + ref + "}", "listed twice");
        expectError("{id: fgsm, mitigations: [rewindow]" + ref + "}", "'mitigations' apply to corruptions and site");
        expectError("{id: site_xray_mild, mitigations: [rewindow]}", "mitigations need a 'reference'");
        expectError("{id: site_xray_mild, reference: {source: builtin:phantom}}", "it has none");
        expectError("{id: site_xray_mild, mitigations: [rewindow], reference: {source: builtin:phantom, site: b}}",
                "has no images of that site");
    }

    /** Fitting on images the campaign evaluates is refused, naming the first shared image. */
    @Test
    void aReferenceOverlappingTheEvaluatedImagesIsRefused() throws IOException {
        expectError("{id: site_xray_mild, mitigations: [rewindow], reference: {source: builtin:phantom, split: test,"
                + " limit: 20}}", "reference image 0 of builtin:phantom test is also evaluated (sample 0 of");
        // disjoint splits of the same source are not (the images differ)
        MitigationReference val = phantomReference("val", 50);
        val.requireDisjoint(List.of(new DefaultInputLoader().loadData(new DataSpec("builtin:phantom", "test", 0))));
    }

    private static MitigationReference phantomReference(String split, int limit) {
        ThreatSpec entry = new ThreatSpec("site_xray_mild", null, null, null, null, null, List.of("rewindow"),
                new ReferenceSpec("builtin:phantom", split, limit, null), null);
        return MitigationReference.load(entry, new DefaultInputLoader());
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
