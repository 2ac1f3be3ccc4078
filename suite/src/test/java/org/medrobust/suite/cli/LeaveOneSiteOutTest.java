package org.medrobust.suite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.models.training.ModelCard;
import org.medrobust.reports.json.ResultJson;
import org.medrobust.suite.cli.CliTest.Result;

/**
 * Leave-one-site-out end to end on the synthetic multi-site X-rays: {@code train --exclude-site} leaves the site
 * out of training, a campaign evaluates the model on every site, and report.json breaks the results down by site
 * (the same bytes twice).
 */
class LeaveOneSiteOutTest {

    @TempDir
    Path tmp;

    @Test
    void aModelTrainedWithoutASiteIsEvaluatedOnItPerSite() throws IOException {
        Path models = tmp.resolve("models");
        // --limit 40: the first 10 train X-rays at each of the 4 sites, 30 once xray_severe is left out
        Result trained = CliTest.cli("train", "--model", "cnn", "--data", "builtin:xray_sites", "--exclude-site",
                "xray_severe", "--epochs", "1", "--limit", "40", "--batch-size", "10", "--id", "loso", "--out",
                models.toString());
        assertThat(trained.exitCode()).as(trained.err()).isEqualTo(ExitCodes.OK);
        assertThat(trained.out()).contains("xray_sites-without-xray_severe", "30 train / 30 val images");
        ModelCard card = ModelCard.fromJson(Files.readString(models.resolve("loso.card.json")), "card");
        assertThat(card.data().name()).isEqualTo("xray_sites-without-xray_severe");
        assertThat(card.metrics("test").samples()).isEqualTo(40); // the test split keeps every site

        Path config = Files.writeString(tmp.resolve("loso.yaml"), """
                name: loso
                seed: 3
                data: [{source: "builtin:xray_sites", limit: 40}]
                models: [{source: "%s"}, {source: "builtin:cnn_pneumonia"}]
                threats: [{id: site_xray_mild}]
                """.formatted(models.resolve("loso.card.json").toString().replace("\\", "/")));
        Path one = tmp.resolve("one");
        Path two = tmp.resolve("two");
        for (Path out : List.of(one, two)) {
            Result run = CliTest.cli("run", "--config", config.toString(), "--out", out.toString());
            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        }
        assertThat(Files.readAllBytes(two.resolve("report.json"))).isEqualTo(Files.readAllBytes(one.resolve("report.json")));

        JsonNode report = ResultJson.pretty().readTree(one.resolve("report.json").toFile());
        JsonNode shift = report.get("shift");
        assertThat(shift.get("bins").asInt()).isEqualTo(15);
        JsonNode clean = scenario(shift, "loso@xray_sites/test:clean");
        List<String> sites = new ArrayList<>();
        int correct = 0;
        for (JsonNode site : clean.get("sites")) {
            sites.add(site.get("site").asText());
            assertThat(site.get("samples").asInt()).isEqualTo(10);
            assertThat(site.get("calibration").get("bins")).hasSize(15);
            assertThat(site.get("versusOthers").get("paired").asBoolean()).isFalse();
            // against the source site: paired, the sites being renderings of the same ten X-rays
            if (!site.get("site").asText().equals("source")) {
                JsonNode versusSource = site.get("versusSource");
                assertThat(versusSource.get("source").asText()).isEqualTo("source");
                for (String metric : List.of("accuracy", "balancedAccuracy", "auc")) {
                    assertThat(versusSource.get(metric).get("paired").asBoolean()).as(metric).isTrue();
                }
            } else {
                assertThat(site.has("versusSource")).isFalse();
            }
            correct += (int) Math.round(site.get("accuracy").asDouble() * 10);
        }
        assertThat(sites).containsExactly("source", "xray_mild", "xray_moderate", "xray_severe");
        // the per-site accuracies add up to the scenario's own
        JsonNode scenarios = report.get("scenarios");
        for (JsonNode s : scenarios) {
            if (s.get("id").asText().equals("loso@xray_sites/test:clean")) {
                assertThat(s.get("metrics").get("correct").asInt()).isEqualTo(correct);
                assertThat(s.get("outcomes").get(3).get("site").asText()).isEqualTo("xray_severe");
                assertThat(s.get("outcomes").get(3).get("sourceImage").asText()).isEqualTo("4"); // shipped image 4
                assertThat(s.get("outcomes").get(0).get("sourceImage").asText()).isEqualTo("4");
                assertThat(s.get("outcomes").get(3).get("logits")).hasSize(2);
            }
        }
        JsonNode shifted = scenario(shift, "cnn_pneumonia@xray_sites/test:site_xray_mild");
        assertThat(shifted.get("versusClean").get("paired").asBoolean()).isTrue();
        assertThat(shifted.get("detection").get("energyAuroc").asDouble()).isBetween(0.0, 1.0);
        assertThat(Files.readString(one.resolve("index.html"))).contains("Accuracy by site", "ECE by site",
                "Reliability", "AUC drops", "Balanced-accuracy drops");

        // verify rebuilds the source-site drops from the journal: intact as written, named when one is edited
        Result intact = CliTest.cli("verify", two.toString());
        assertThat(intact.exitCode()).as(intact.out() + intact.err()).isEqualTo(ExitCodes.OK);
        Path written = two.resolve("report.json");
        String text = Files.readString(written);
        String edited = text.replaceFirst("(\"versusSource\" : \\{\\s*\"source\" : \"source\",\\s*\"accuracy\" : "
                + "\\{\\s*\"drop\" : )[-0-9.E]+", "$10.123456");
        assertThat(edited).isNotEqualTo(text);
        Files.writeString(written, edited);
        Result tampered = CliTest.cli("verify", two.toString());
        assertThat(tampered.exitCode()).isEqualTo(ExitCodes.VERIFY_FAILED);
        assertThat(tampered.out() + tampered.err()).contains("'shift' does not match what the journal gives");
    }

    @Test
    void excludingASiteTheDataDoesNotNameExitsTwo() {
        String out = tmp.resolve("m").toString();
        Result unknown = CliTest.cli("train", "--model", "cnn", "--data", "builtin:xray_sites", "--exclude-site",
                "ward9", "--out", out);
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(unknown.err()).contains("ward9", "[source, xray_mild, xray_moderate, xray_severe]");
        Result none = CliTest.cli("train", "--model", "cnn", "--data", "builtin:phantom", "--exclude-site", "north",
                "--out", out);
        assertThat(none.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(none.err()).contains("phantom", "names none");
        assertThat(tmp.resolve("m")).doesNotExist();
    }

    private static JsonNode scenario(JsonNode shift, String id) {
        for (JsonNode s : shift.get("scenarios")) {
            if (s.get("scenario").asText().equals(id)) {
                return s;
            }
        }
        throw new AssertionError("no shift entry for " + id);
    }
}
