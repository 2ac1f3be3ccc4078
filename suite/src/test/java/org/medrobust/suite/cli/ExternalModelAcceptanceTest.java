package org.medrobust.suite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.medrobust.reports.json.ResultJson;

/**
 * The acceptance runs: the externally trained pneumonia models, as ONNX and as TorchScript, on the real
 * PneumoniaMNIST test split, with no sidecar or flags (ONNX reads its shape from the model, TorchScript takes the
 * data's).
 */
class ExternalModelAcceptanceTest {

    private static final Path SHARED = Path.of(System.getProperty("medrobust.shared.dir", "../shared"));

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "pneumonia_cnn.onnx,           pneumonia_cnn,             onnx,        550",
            "pneumonia_cnn.torchscript.pt, pneumonia_cnn,             torchscript, 550",
            "pneumonia_vit.onnx,           pneumonia_vit,             onnx,        517",
            "pneumonia_vit.torchscript.pt, pneumonia_vit,             torchscript, 517"})
    void externalModelReachesItsPublishedCleanAccuracy(String file, String id, String kind, int published)
            throws IOException {
        Path model = SHARED.resolve("models/external").resolve(file);
        Path data = SHARED.resolve("data/medmnist/pneumoniamnist_28.npz");
        assumeThat(Files.isRegularFile(model) && Files.isRegularFile(data))
                .as("../shared with the external models and MedMNIST data is absent").isTrue();

        CliTest.Result result = CliTest.cli("run", "--model", model.toString(), "--data", data.toString(),
                "--out", tmp.toString());

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
        JsonNode report = ResultJson.pretty().readTree(tmp.resolve("report.json").toFile());
        JsonNode clean = report.get("scenarios").get(0);
        assertThat(clean.get("id").asText()).isEqualTo(id + "@pneumoniamnist_28/test:clean");
        assertThat(clean.get("metrics").get("samples").asInt()).isEqualTo(624);
        // published (PyTorch): CNN 550/624 = 0.8814, ViT 517/624 = 0.8285; another engine may differ by one image
        assertThat(clean.get("metrics").get("correct").asInt()).isBetween(published - 1, published + 1);
        assertThat(report.get("models").get(0).get("kind").asText()).isEqualTo(kind);
        assertThat(report.get("models").get(0).get("sha256").asText()).hasSize(64);
        assertThat(report.get("datasets").get(0).get("classes").toString()).contains("normal", "pneumonia");
    }
}
