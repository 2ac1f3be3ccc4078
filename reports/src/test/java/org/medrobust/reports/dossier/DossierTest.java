package org.medrobust.reports.dossier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medrobust.reports.ReportFixtures.HOSTILE;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.medrobust.reports.ReportFixtures;
import org.medrobust.reports.schema.CampaignReport;

class DossierTest {

    static CampaignReport withRisks(String model) {
        CampaignReport r = ReportFixtures.report(model, "cnn");
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("intendedUse", "Triage of pediatric chest X-rays for pneumonia <by a radiologist>");
        config.put("risks", List.of(
                Map.of("id", "R-01", "description", "missed pneumonia on a noisy portable X-ray",
                        "threats", List.of("gaussian_noise")),
                Map.of("id", "R-02", "description", "baseline performance below claim", "threats", List.of("clean")),
                Map.of("id", "R-03", "description", "deliberate manipulation", "threats", List.of("pgd_linf"))));
        return new CampaignReport(r.schema(), r.campaign(), r.seed(), config, r.configSha256(), r.models(),
                r.datasets(), r.scenarios(), r.gates(), r.curves(), r.faults());
    }

    static Map<String, Object> environment() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("software", "0.1.0+abc");
        env.put("java", "Eclipse Adoptium 25");
        // ordered as environment.json is read back (Map.of's order changes from one JVM to the next)
        env.put("libraries", new java.util.TreeMap<>(Map.of("DJL", "0.36.0", "ONNX Runtime", "1.23.2")));
        env.put("finished", "2026-11-30T00:00:00Z");
        return env;
    }

    @Test
    void tracesEachRiskToItsScenariosResultsAndGates() {
        List<Traceability> rows = Traceability.of(withRisks("m1"));
        assertThat(rows).extracting(t -> t.risk().id()).containsExactly("R-01", "R-02", "R-03");
        Traceability noise = rows.get(0);
        // m1 s1, cnn s1, m1 s2, m1 s3 (failed): lowest completed is m1 s2 at 0.60
        assertThat(noise.scenarios()).hasSize(4);
        assertThat(noise.completed()).isEqualTo(3);
        assertThat(noise.worst().id()).isEqualTo("m1gaussian_noise2");
        assertThat(noise.verdict()).isEqualTo("no gate");
        // the clean gates are on the clean scenarios: m1's failed
        assertThat(rows.get(1).gates()).hasSize(2);
        assertThat(rows.get(1).verdict()).isEqualTo("FAIL");
    }

    @Test
    void isWellFormedXmlWithEveryUserStringEscaped() throws Exception {
        String xhtml = DossierHtml.render(withRisks(HOSTILE + "\u0001"), environment(), "00".repeat(32));
        DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xhtml.getBytes(StandardCharsets.UTF_8)));
        assertThat(xhtml).doesNotContain("<script", "<img", "<by a radiologist>", "\u0001")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;by a radiologist&gt;");
    }

    @Test
    void pdfRendersWithEverySectionPresent() throws IOException {
        CampaignReport report = withRisks(HOSTILE);
        byte[] pdf = DossierPdf.render(DossierHtml.render(report, environment(), "00".repeat(32)));
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        java.nio.file.Files.write(java.nio.file.Path.of("target", "dossier-test.pdf"), pdf); // to look at
        String text;
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(document.getNumberOfPages()).isGreaterThanOrEqualTo(2);
            text = new PDFTextStripper().getText(document);
        }
        String flat = text.replaceAll("\\s+", " ");
        for (int i = 0; i < DossierHtml.SECTIONS.size(); i++) {
            assertThat(flat).contains((i + 1) + ". " + DossierHtml.SECTIONS.get(i));
        }
        assertThat(flat).contains("Triage of pediatric chest X-rays for pneumonia <by a radiologist>",
                "R-01", "missed pneumonia on a noisy portable X-ray", "gaussian_noise",
                "ONNX Runtime", "0.600 [0.502, 0.691]", "clean accuracy >= 0.950", "FAIL", "m\"'><script>alert(1)");
    }
}
