package org.medrobust.suite.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.reports.dossier.DossierHtml;
import org.medrobust.suite.Campaign;
import org.medrobust.suite.config.CampaignConfig;
import org.medrobust.suite.config.ConfigLoader;
import org.medrobust.suite.config.RiskSpec;
import org.medrobust.suite.fixtures.Configs;
import org.medrobust.suite.fixtures.FakeInputLoader;
import org.medrobust.suite.run.ProgressListener;

/** What `medrobust run` writes for people: index.html (deterministic) and the dossier (HTML and PDF). */
class ReportOutputsTest {

    @TempDir
    Path tmp;

    /** The tiny campaign with an intended use and two risk items, one traced to a gate. */
    static CampaignConfig withRisks() {
        CampaignConfig tiny = Configs.tiny();
        return new CampaignConfig(tiny.name(), tiny.seed(), tiny.batchSize(), tiny.data(), tiny.models(),
                tiny.threats(), tiny.gates(), null, "Triage of <synthetic> phantoms",
                List.of(new RiskSpec("R-1", "baseline below claim", List.of("clean")),
                        new RiskSpec("R-2", "missed finding on a noisy image", List.of("gaussian_noise"))));
    }

    @Test
    void indexHtmlAndReportJsonAreByteIdenticalAcrossRunsAndTheDossierTracesEveryRisk() throws IOException {
        new Campaign(withRisks(), FakeInputLoader.healthy(), ProgressListener.NONE).run(tmp.resolve("one"));
        new Campaign(withRisks(), FakeInputLoader.healthy(), ProgressListener.NONE).run(tmp.resolve("two"));
        for (String file : List.of(ResultWriter.REPORT_JSON, ResultWriter.INDEX_HTML)) {
            assertThat(Files.readAllBytes(tmp.resolve("one").resolve(file)))
                    .as(file).isEqualTo(Files.readAllBytes(tmp.resolve("two").resolve(file)));
        }
        String index = Files.readString(tmp.resolve("one").resolve(ResultWriter.INDEX_HTML));
        // gallery: 4 samples x 2 models, clean and the first corruption scenario (gaussian_noise s1), each a real PNG
        assertThat(index).contains("<section id=\"gallery\">", "<section id=\"comparisons\">", "<svg class=\"chart\"");
        assertThat(index.split("<div class=\"gallery\">", -1)).hasSize(1 + 8);
        assertThat(index.split("src=\"data:image/png;base64,iVBORw0KGgo", -1)).hasSize(1 + 8 * 2);

        String dossier = Files.readString(tmp.resolve("one").resolve(ResultWriter.DOSSIER_HTML));
        assertThat(dossier).contains("Triage of &lt;synthetic&gt; phantoms", "R-2", "DJL", "ONNX Runtime");
        String text;
        try (PDDocument pdf = Loader.loadPDF(tmp.resolve("one").resolve(ResultWriter.DOSSIER_PDF).toFile())) {
            text = new PDFTextStripper().getText(pdf).replaceAll("\\s+", " ");
        }
        for (int i = 0; i < DossierHtml.SECTIONS.size(); i++) {
            assertThat(text).contains((i + 1) + ". " + DossierHtml.SECTIONS.get(i));
        }
        assertThat(text).contains("baseline below claim", "missed finding on a noisy image", "clean accuracy");
    }

    @Test
    void aRiskMustNameThreatsTheCampaignRunsAndConfigsWithoutRisksKeepTheirHash() {
        CampaignConfig tiny = Configs.tiny();
        CampaignConfig bad = new CampaignConfig(tiny.name(), tiny.seed(), tiny.batchSize(), tiny.data(), tiny.models(),
                tiny.threats(), tiny.gates(), null, null, List.of(new RiskSpec("R-9", "x", List.of("pgd_linf"))));
        assertThatThrownBy(() -> bad.requireRunnable("c.yaml")).isInstanceOf(InvalidInputException.class)
                .hasMessage("c.yaml: risk 'R-9' names threat 'pgd_linf', which the campaign does not run (its threats: "
                        + "[clean, gaussian_noise])");
        assertThat(ConfigLoader.toMap(tiny)).doesNotContainKeys("intendedUse", "risks");
        assertThat(ConfigLoader.toMap(withRisks())).containsKeys("intendedUse", "risks");
        assertThat(ConfigLoader.sha256(withRisks())).isNotEqualTo(ConfigLoader.sha256(tiny));
    }
}
