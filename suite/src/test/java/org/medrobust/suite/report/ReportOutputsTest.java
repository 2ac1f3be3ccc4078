package org.medrobust.suite.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.HexFormat;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.util.Sha256;
import org.medrobust.reports.csv.CsvExport;
import org.medrobust.reports.efficiency.EfficiencyReport;
import org.medrobust.reports.dossier.DossierHtml;
import org.medrobust.suite.Campaign;
import org.medrobust.suite.cli.CliRunner;
import org.medrobust.suite.config.CampaignConfig;
import org.medrobust.suite.config.ConfigLoader;
import org.medrobust.suite.config.RiskSpec;
import org.medrobust.suite.fixtures.Configs;
import org.medrobust.suite.fixtures.FakeInputLoader;
import org.medrobust.suite.run.ProgressListener;

/**
 * What `medrobust run` writes for people: index.html, the CSVs and the dossier (HTML and PDF), all byte-identical
 * across runs; `medrobust report DIR` re-renders the same bytes from the directory's files.
 */
class ReportOutputsTest {

    static final List<String> VIEWS = List.of(ResultWriter.INDEX_HTML, CsvExport.SCENARIOS_CSV, CsvExport.OUTCOMES_CSV,
            ResultWriter.DOSSIER_HTML, ResultWriter.DOSSIER_PDF);

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
        for (String file : List.of(ResultWriter.REPORT_JSON, ResultWriter.INDEX_HTML, ReportContextFile.NAME,
                CsvExport.SCENARIOS_CSV, CsvExport.OUTCOMES_CSV, ResultWriter.DOSSIER_HTML, ResultWriter.DOSSIER_PDF)) {
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

    /** The views a results directory re-renders from its files, byte for byte, without models, data or a re-run. */
    @Test
    void reportCommandReRendersTheRunsOwnBytesAndThePdfCarriesNoDateAndTheReportHashAsId() throws IOException {
        Path run = tmp.resolve("run");
        new Campaign(withRisks(), FakeInputLoader.healthy(), ProgressListener.NONE).run(run);
        CliRunner.Result again = CliRunner.run("report", run.toString(), "--out", tmp.resolve("again").toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        for (String file : VIEWS) {
            assertThat(Files.readAllBytes(tmp.resolve("again").resolve(file)))
                    .as(file).isEqualTo(Files.readAllBytes(run.resolve(file)));
        }
        String sha = Sha256.of(run.resolve(ResultWriter.REPORT_JSON));
        try (PDDocument pdf = Loader.loadPDF(run.resolve(ResultWriter.DOSSIER_PDF).toFile())) {
            assertThat(pdf.getDocumentInformation().getCreationDate()).isNull();
            assertThat(pdf.getDocumentInformation().getModificationDate()).isNull();
            assertThat(pdf.getDocumentInformation().getCustomMetadataValue("ReportSHA256")).isEqualTo(sha);
            COSArray id = pdf.getDocument().getTrailer().getCOSArray(COSName.ID);
            assertThat(HexFormat.of().formatHex(((COSString) id.get(0)).getBytes())).isEqualTo(sha.substring(0, 32));
            assertThat(((COSString) id.get(1)).getBytes()).isEqualTo(((COSString) id.get(0)).getBytes());
        }
        // the dossier names no run time: those stay in environment.json
        assertThat(Files.readString(run.resolve(ResultWriter.DOSSIER_HTML))).doesNotContain("started", "finished",
                "scenarioSeconds", "wallSeconds");
    }

    @Test
    void aDirectoryWrittenBeforeTheContextFileRendersWithoutGalleryAndMeasuredTimingsShowWhenPresent()
            throws IOException {
        Path run = tmp.resolve("run");
        new Campaign(withRisks(), FakeInputLoader.healthy(), ProgressListener.NONE).run(run);
        Files.delete(run.resolve(ReportContextFile.NAME));
        CliRunner.Result old = CliRunner.run("report", run.toString());
        assertThat(old.exitCode()).as(old.err()).isZero();
        assertThat(old.out()).contains("report-context.json not found", "no gallery");
        assertThat(Files.readString(run.resolve(ResultWriter.INDEX_HTML))).doesNotContain("<section id=\"gallery\">")
                .contains("<section id=\"summary\">", "--measure-efficiency").doesNotContain("latency, batch 1");

        String sha = org.medrobust.datasets.util.Sha256.of(run.resolve(ResultWriter.REPORT_JSON));
        EfficiencyFile.write(run, new EfficiencyReport(EfficiencyReport.SCHEMA, sha, "test CPU, 2 processors", "cpu",
                "a child JVM per model", "2026-11-30T00:00:00Z", 5, List.of(new EfficiencyReport.ModelTiming("a",
                        sha, "1x8x8", 1.25, 32, 0.5, 2000, null))));
        CliRunner.Result timed = CliRunner.run("report", run.toString());
        assertThat(timed.exitCode()).as(timed.err()).isZero();
        String index = Files.readString(run.resolve(ResultWriter.INDEX_HTML));
        assertThat(index).contains("<dt>latency, batch 1</dt><dd>1.25 ms / image</dd>",
                "<dt>latency, batch 32</dt><dd>0.50 ms / image</dd>", "<dt>throughput</dt><dd>2000 images / s</dd>",
                "efficiency.json</code>, 2026-11-30T00:00:00Z, test CPU, 2 processors, cpu, a child JVM per model",
                "how: the efficiency profile");
    }

    /** A real built-in model, timed through the CLI: efficiency.json beside the report, shown in index.html. */
    @Test
    void measureEfficiencyTimesTheCampaignsOwnModelsIntoEfficiencyJson() throws IOException {
        Path config = tmp.resolve("c.yaml");
        Files.writeString(config, """
                name: timed
                seed: 3
                batchSize: 8
                data: [{source: builtin:phantom, split: test, limit: 16}]
                models: [{source: builtin:cnn_phantom}]
                threats: [{id: gaussian_noise, severities: [1]}]
                """);
        Path run = tmp.resolve("run");
        CliRunner.Result ran = CliRunner.run("run", "--config", config.toString(), "--out", run.toString());
        assertThat(ran.exitCode()).as(ran.err()).isZero();
        byte[] reportJson = Files.readAllBytes(run.resolve(ResultWriter.REPORT_JSON));
        CliRunner.Result timed = CliRunner.run("report", run.toString(), "--measure-efficiency", "--repeats", "1");
        assertThat(timed.exitCode()).as(timed.err()).isZero();
        EfficiencyReport e = EfficiencyFile.read(run).orElseThrow();
        assertThat(e.repeats()).isEqualTo(1);
        EfficiencyReport.ModelTiming t = e.models().getFirst();
        assertThat(t.model()).isEqualTo("cnn_phantom"); // a shipped zoo model: its card names its family
        assertThat(t.inputShape()).isEqualTo("1x28x28");
        assertThat(t.batch()).isEqualTo(8);
        assertThat(t.latencyMsBatch1()).isPositive();
        assertThat(t.throughput()).isCloseTo(1000 / t.msPerImageBatch(), org.assertj.core.api.Assertions.within(1e-9));
        // timed in a child JVM of its own: its resident memory grew by the model's working set
        assertThat(e.isolation()).startsWith("a child JVM per model");
        assertThat(t.memory().baselineRssMb()).isPositive();
        assertThat(t.memory().increaseMb()).isPositive()
                .isEqualTo(t.memory().peakRssMb() - t.memory().baselineRssMb());
        assertThat(t.sha256()).isEqualTo(org.medrobust.reports.json.ResultJson.compact()
                .readTree(reportJson).path("models").path(0).path("sha256").asText());
        assertThat(e.reportSha256()).isEqualTo(org.medrobust.datasets.util.Sha256.of(reportJson));
        // efficiency.json as written passes verify
        assertThat(org.medrobust.suite.verify.ResultsVerifier.verify(run).problems()).isEmpty();
        assertThat(Files.readString(run.resolve(ResultWriter.INDEX_HTML))).contains("<dt>latency, batch 1</dt>",
                "<dt>latency, batch 8</dt>", "<section id=\"efficiency\">");
        // a measurement never touches the byte-identical result
        assertThat(Files.readAllBytes(run.resolve(ResultWriter.REPORT_JSON))).isEqualTo(reportJson);
        // the resolution profile: bench models' cells for the campaign's family, in index.html with its charts
        CliRunner.Result profiled = CliRunner.run("report", run.toString(), "--measure-efficiency", "--repeats", "1",
                "--resolutions", "32,28");
        assertThat(profiled.exitCode()).as(profiled.err()).isZero();
        org.medrobust.reports.bench.BenchReport bench = EfficiencyFile.bench(run).orElseThrow();
        assertThat(bench.cells()).extracting(c -> c.family() + "@" + c.resolution()).containsExactly("cnn@28",
                "cnn@32");
        assertThat(bench.settings().batches()).containsExactly(1, 8);
        assertThat(bench.cells()).allSatisfy(c -> assertThat(c.measured(1)).isPresent());
        assertThat(Files.readString(run.resolve(ResultWriter.INDEX_HTML))).contains("<section id=\"resolution\">",
                "Latency against input resolution", "Working set against input resolution");
        assertThat(org.medrobust.suite.verify.ResultsVerifier.verify(run).problems()).isEmpty();
        CliRunner.Result alone = CliRunner.run("report", run.toString(), "--resolutions", "28");
        assertThat(alone.exitCode()).isEqualTo(2);
        assertThat(alone.err().strip()).doesNotContain("\n").endsWith("--resolutions needs --measure-efficiency (it "
                + "is a measurement too)");
        CliRunner.Result odd = CliRunner.run("report", run.toString(), "--measure-efficiency", "--resolutions", "30");
        assertThat(odd.exitCode()).isEqualTo(2);
        assertThat(odd.err().strip()).endsWith("--resolutions: 30 must be a multiple of 4 between 8 and 4096 (the "
                + "patch sizes divide it)");

        CliRunner.Result bad = CliRunner.run("report", run.toString(), "--measure-efficiency", "--repeats", "0");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err().strip()).doesNotContain("\n").endsWith("--repeats must be at least 1, got 0");
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
