package org.medrobust.suite.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.reports.json.ResultJson;
import org.medrobust.suite.Campaign;
import org.medrobust.suite.cli.CliRunner;
import org.medrobust.suite.config.GateSpec;
import org.medrobust.suite.fixtures.Configs;
import org.medrobust.suite.fixtures.FakeInputLoader;
import org.medrobust.suite.run.ProgressListener;

/**
 * {@code medrobust report DIR --allure OUT --no-render}: one Allure test per scenario and per gate, in allure-java's
 * result format (status values, labels, parameters, attachments that exist). Rendering needs the Allure commandline
 * (a Maven profile), so it is checked by hand (docs/gates.md), not here.
 */
class AllureExportTest {

    @TempDir
    Path tmp;

    @Test
    void oneTestPerScenarioAndGateWithLabelsParametersAndAttachments() throws IOException {
        Path results = tmp.resolve("results");
        var report = new Campaign(Configs.tiny().withGates(List.of(new GateSpec("min_clean_accuracy", 0.5, null, null,
                null), new GateSpec("min_clean_accuracy", 0.99, null, null, null))), FakeInputLoader.healthy(),
                ProgressListener.NONE).run(results);
        CliRunner.Result run = CliRunner.run("report", results.toString(), "--allure", tmp.resolve("allure").toString(),
                "--no-render");
        assertThat(run.exitCode()).as(run.err()).isZero();
        Path dir = tmp.resolve("allure/allure-results");
        List<JsonNode> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith("-result.json")).toList()) {
                tests.add(ResultJson.compact().readTree(Files.readString(f)));
            }
        }
        int gates = report.gates().size();
        assertThat(tests).hasSize(report.scenarios().size() + gates);
        JsonNode noise = tests.stream().filter(t -> t.path("fullName").asText().endsWith("a@tiny/test:gaussian_noise/s3"))
                .findFirst().orElseThrow();
        assertThat(noise.path("status").asText()).isEqualTo("passed");
        assertThat(noise.path("stage").asText()).isEqualTo("finished");
        assertThat(label(noise, "epic")).isEqualTo("sensor noise");
        assertThat(label(noise, "feature")).isEqualTo("gaussian_noise");
        assertThat(label(noise, "severity")).isEqualTo("normal");
        assertThat(noise.path("parameters").findValuesAsText("name")).contains("model", "data", "severity");
        for (JsonNode attachment : noise.path("attachments")) {
            assertThat(dir.resolve(attachment.path("source").asText())).exists();
        }
        assertThat(noise.path("attachments").findValuesAsText("name")).containsExactly("metrics", "outcomes",
                "chart: gaussian_noise on tiny/test");
        // the chart: one SVG file of its own (styles inside), shared by every gaussian_noise scenario of the split
        Path svg = dir.resolve(noise.path("attachments").get(2).path("source").asText());
        assertThat(svg).content().startsWith("<?xml").contains("<svg", "<style>", "a</text>", "</svg>");
        assertThat(tests.stream().filter(t -> t.path("fullName").asText().contains(":gaussian_noise/s"))
                .flatMap(t -> t.path("attachments").findValuesAsText("source").stream())
                .filter(source -> source.endsWith(".svg")).distinct()).containsExactly(svg.getFileName().toString());
        // the gallery: 4 samples per model under the first corruption scenario (s1), clean ones on the clean test
        JsonNode first = tests.stream().filter(t -> t.path("fullName").asText().endsWith("a@tiny/test:gaussian_noise/s1"))
                .findFirst().orElseThrow();
        List<JsonNode> pngs = new ArrayList<>();
        first.path("attachments").forEach(a -> {
            if ("image/png".equals(a.path("type").asText())) {
                pngs.add(a);
            }
        });
        assertThat(pngs).hasSize(4);
        assertThat(pngs.getFirst().path("name").asText()).startsWith("gallery: sample 0, label ").contains("predicted");
        for (JsonNode png : pngs) {
            byte[] bytes = Files.readAllBytes(dir.resolve(png.path("source").asText()));
            assertThat(java.util.Arrays.copyOf(bytes, 4)).containsExactly(0x89, 'P', 'N', 'G');
        }
        assertThat(tests.stream().filter(t -> t.path("fullName").asText().equals(report.campaign() + "/a@tiny/test:clean"))
                .findFirst().orElseThrow().path("attachments").findValuesAsText("type")).contains("image/png");
        List<String> gateStatuses = tests.stream().filter(t -> "gates".equals(label(t, "epic")))
                .map(t -> t.path("status").asText()).toList();
        // 0.5 passes for both models, 0.99 fails for at least one: every verdict is a test with its status
        assertThat(gateStatuses).hasSize(gates).contains("passed", "failed");
        assertThat(dir.resolve("environment.properties")).content().contains("java=");
    }

    private static String label(JsonNode test, String name) {
        for (JsonNode label : test.path("labels")) {
            if (name.equals(label.path("name").asText())) {
                return label.path("value").asText();
            }
        }
        return null;
    }

    /**
     * Where {@code mvn -Pallure -pl suite -am package} unpacked the commandline (target/allure-2.34.0), the Allure HTML
     * is rendered offline with the charts and gallery images among its attachments; skipped elsewhere.
     */
    @Test
    void rendersTheAllureHtmlWithChartsAndGalleryWhereTheCommandlineIsUnpacked() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("target", "allure-2.34.0", "bin",
                "allure")), "no Allure commandline: build with -Pallure to run this check");
        Path results = tmp.resolve("results");
        new Campaign(Configs.tiny(), FakeInputLoader.healthy(), ProgressListener.NONE).run(results);
        CliRunner.Result run = CliRunner.run("report", results.toString(), "--allure", tmp.resolve("a").toString(),
                "--allure-home", Path.of("target", "allure-2.34.0").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        Path html = tmp.resolve("a/allure-report");
        assertThat(html.resolve("index.html")).exists();
        try (Stream<Path> files = Files.list(html.resolve("data/attachments"))) {
            assertThat(files.map(f -> f.getFileName().toString().replaceAll(".*\\.", "")).distinct())
                    .contains("svg", "png", "csv", "json");
        }
    }

    @Test
    void withoutTheCommandlineRenderingIsAOneLineError() throws IOException {
        Path results = tmp.resolve("results");
        new Campaign(Configs.tiny(), FakeInputLoader.healthy(), ProgressListener.NONE).run(results);
        CliRunner.Result run = CliRunner.run("report", results.toString(), "--allure", tmp.resolve("a").toString(),
                "--allure-home", tmp.resolve("nowhere").toString());
        // only where no commandline is at hand (ALLURE_HOME, or one unpacked by -Pallure next to the classes)
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("ALLURE_HOME") == null
                && !Files.exists(Path.of("target", "allure-2.34.0")));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).doesNotContain("\n").contains("mvn -Pallure");
    }
}
