package org.medrobust.suite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.reports.json.ResultJson;

/** The acceptance run: the externally trained pneumonia CNN (ONNX) on the real PneumoniaMNIST test split. */
class ExternalModelAcceptanceTest {

    private static final Path SHARED = Path.of(System.getProperty("medrobust.shared.dir", "../shared"));

    @TempDir
    Path tmp;

    @Test
    void pneumoniaCnnReachesItsPublishedCleanAccuracy() throws IOException {
        Path model = SHARED.resolve("models/external/pneumonia_cnn.onnx");
        Path data = SHARED.resolve("data/medmnist/pneumoniamnist_28.npz");
        assumeThat(Files.isRegularFile(model) && Files.isRegularFile(data))
                .as("../shared with the external models and MedMNIST data is absent").isTrue();

        CliTest.Result result = CliTest.cli("run", "--model", model.toString(), "--data", data.toString(),
                "--out", tmp.toString());

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
        JsonNode report = ResultJson.pretty().readTree(tmp.resolve("report.json").toFile());
        JsonNode clean = report.get("scenarios").get(0);
        assertThat(clean.get("id").asText()).isEqualTo("pneumonia_cnn@pneumoniamnist_28/test:clean");
        assertThat(clean.get("metrics").get("samples").asInt()).isEqualTo(624);
        // published: 550/624 = 0.8814 (PyTorch); ONNX Runtime may differ by one borderline image
        assertThat(clean.get("metrics").get("correct").asInt()).isBetween(549, 551);
        assertThat(report.get("models").get(0).get("sha256").asText()).hasSize(64);
        assertThat(report.get("datasets").get(0).get("classes").toString()).contains("normal", "pneumonia");
    }
}
