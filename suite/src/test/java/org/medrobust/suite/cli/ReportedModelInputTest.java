package org.medrobust.suite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medrobust.suite.fixtures.SharedFiles.shared;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.datasets.util.Sha256;
import org.medrobust.reports.json.ResultJson;
import org.medrobust.suite.fixtures.SharedFiles;

/** report.json records, per model, the input spec the campaign used and where each part came from. */
class ReportedModelInputTest {

    @TempDir
    Path tmp;

    private static final String SIDECAR = "sidecar pneumonia_cnn.onnx.medrobust.yaml";

    @Test
    void aSidecarIsTheOriginOfWhatItDeclares() throws IOException {
        Path model = copyWithSidecar("pneumonia_cnn.onnx", "inputShape: 1x28x28\nclasses: [normal, pneumonia]\n");
        Path out = run("sidecar", "--model", model.toString());
        assertThat(modelInput(out)).isEqualTo(input("1x28x28", SIDECAR, "[0, 1]", "default", "normal,pneumonia", SIDECAR));
        // after the identity's other fields, in a fixed order
        assertThat(Files.readString(out.resolve("report.json"))).contains("""
                    "sha256" : "%s",
                    "input" : {
                      "shape" : {
                        "value" : "1x28x28",
                        "origin" : "%s"
                      },
                      "valueRange" : {
                """.formatted(Sha256.of(Files.readAllBytes(model)), SIDECAR));
        assertThat(Files.readString(out.resolve("index.html")))
                .contains("1x28x28 (" + SIDECAR + ")<br>[0, 1] (default)<br>normal,pneumonia (" + SIDECAR + ")");
    }

    @Test
    void aFlagOverridingTheSidecarIsRecordedAsTheFlag() throws IOException {
        Path model = copyWithSidecar("pneumonia_cnn.onnx", "inputShape: 1x28x28\nvalueRange: [0, 255]\nclasses: [a, b]\n");
        Path out = run("flags", "--model", model.toString(), "--value-range", "0,1", "--classes", "normal,pneumonia");
        assertThat(modelInput(out)).isEqualTo(input("1x28x28", SIDECAR, "[0, 1]", "--value-range/valueRange",
                "normal,pneumonia", "--classes/classes"));
    }

    @Test
    void anUndeclaredOnnxModelRecordsItsMetadataShapeAndTheDataClasses() throws IOException {
        Path out = run("onnx", "--model", copyWithSidecar("pneumonia_vit.onnx", "").toString());
        assertThat(modelInput(out)).isEqualTo(input("1x28x28", "ONNX model input 'image'", "[0, 1]", "default",
                "normal,pneumonia", "the data set"));
        JsonNode report = ResultJson.pretty().readTree(out.resolve("report.json").toFile());
        assertThat(report.get("datasets").get(0).has("input")).isFalse();
    }

    @Test
    void aBuiltInModelRecordsItsCard() throws IOException {
        Path out = tmp.resolve("builtin");
        CliTest.Result result = CliTest.cli("run", "--model", "builtin:phantom_cnn", "--data", "builtin:phantom",
                "--limit", "20", "--out", out.toString());
        assertThat(result.exitCode()).as(result.err()).isIn(ExitCodes.OK, ExitCodes.GATE_FAILED);
        String card = "built-in model card phantom_cnn.card.json";
        assertThat(modelInput(out)).isEqualTo(input("1x28x28", card, "[0, 1]", "built-in model", "no_lesion,lesion",
                card));
    }

    /** The expected input object: each part's value and origin. */
    private static JsonNode input(String shape, String shapeOrigin, String range, String rangeOrigin, String classes,
                                  String classesOrigin) {
        ObjectNode input = ResultJson.pretty().createObjectNode();
        input.putObject("shape").put("value", shape).put("origin", shapeOrigin);
        input.putObject("valueRange").put("value", range).put("origin", rangeOrigin);
        input.putObject("classes").put("value", classes).put("origin", classesOrigin);
        return input;
    }

    /** A run of the model flags on the first 20 PneumoniaMNIST test images, which must pass its gates. */
    private Path run(String name, String... modelArgs) {
        Path out = tmp.resolve(name);
        String[] common = {"run", "--data", shared("data/medmnist/pneumoniamnist_28.npz").toString(), "--limit", "20",
                "--out", out.toString()};
        CliTest.Result result = CliTest.cli(UserModelFlagsTest.concat(common, modelArgs));
        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
        return out;
    }

    private static JsonNode modelInput(Path out) throws IOException {
        return ResultJson.pretty().readTree(out.resolve("report.json").toFile()).get("models").get(0).get("input");
    }

    private Path copyWithSidecar(String name, String sidecar) throws IOException {
        return SharedFiles.copyWithSidecar(tmp, name, sidecar);
    }
}
