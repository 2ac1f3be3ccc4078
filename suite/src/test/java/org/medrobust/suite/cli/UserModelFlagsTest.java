package org.medrobust.suite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medrobust.suite.fixtures.SharedFiles.shared;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.datasets.util.Sha256;
import org.medrobust.suite.fixtures.SharedFiles;

/** {@code medrobust run}'s input declarations for model files: flags beat the config, which beats the sidecar. */
class UserModelFlagsTest {

    @TempDir
    Path tmp;

    @Test
    void aSidecarMismatchIsOneLineAndAFlagOverridesIt() throws IOException {
        Path model = copyWithSidecar("pneumonia_cnn.onnx", "inputShape: 3x28x28\n");
        Path data = shared("data/medmnist/pneumoniamnist_28.npz");

        CliTest.Result refused = CliTest.cli("run", "--model", model.toString(), "--data", data.toString(),
                "--limit", "20", "--out", tmp.resolve("a").toString());
        assertOneLineError(refused, model + ": sidecar pneumonia_cnn.onnx.medrobust.yaml says 3x28x28 but the "
                + "model's input 'image' is (N,1,28,28)");

        CliTest.Result fixed = CliTest.cli("run", "--model", model.toString(), "--data", data.toString(),
                "--limit", "20", "--input-shape", "1x28x28", "--classes", "normal,pneumonia",
                "--out", tmp.resolve("b").toString());
        assertThat(fixed.exitCode()).as(fixed.err()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void aConfigEntryOverridesTheSidecar() throws IOException {
        Path model = copyWithSidecar("pneumonia_cnn.torchscript.pt", "classes: [a, b, c]\n");
        Path data = shared("data/medmnist/pneumoniamnist_28.npz");
        Path config = Files.writeString(tmp.resolve("c.yaml"), """
                name: sidecar-precedence
                data:
                  - source: %s
                    limit: 20
                models:
                  - source: %s
                    inputShape: 1x28x28
                    classes: [normal, pneumonia]
                """.formatted(data, model));
        CliTest.Result run = CliTest.cli("run", "--config", config.toString(), "--out", tmp.resolve("c").toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void badFlagsAreOneLineUsageErrors() throws IOException {
        Path model = copyWithSidecar("pneumonia_vit.onnx", "");
        Path data = shared("data/medmnist/pneumoniamnist_28.npz");
        String[] common = {"run", "--model", model.toString(), "--data", data.toString(), "--limit", "5", "--out",
                tmp.resolve("d").toString()};
        assertOneLineError(CliTest.cli(concat(common, "--value-range", "255,0")),
                model + ": --value-range/valueRange: value range [255, 0] is empty");
        assertOneLineError(CliTest.cli(concat(common, "--input-shape", "1x28")),
                model + ": --input-shape/inputShape: image shape '1x28' is not C,H,W");
        assertOneLineError(CliTest.cli(concat(common, "--classes", "a,b,c")), model.toString(), "2 logits",
                "3 class names");
        assertOneLineError(CliTest.cli("run", "--preset", "default", "--input-shape", "1x28x28", "--out",
                tmp.resolve("e").toString()), "builtin:", "model files only");
    }

    @Test
    void valueRangeFlagChangesWhatTheModelSees() throws IOException {
        Path model = copyWithSidecar("pneumonia_cnn.onnx", "");
        Path data = shared("data/medmnist/pneumoniamnist_28.npz");
        CliTest.Result unit = CliTest.cli("run", "--model", model.toString(), "--data", data.toString(), "--limit", "64",
                "--out", tmp.resolve("unit").toString());
        CliTest.Result bytes = CliTest.cli("run", "--model", model.toString(), "--data", data.toString(), "--limit", "64",
                "--value-range", "0,255", "--out", tmp.resolve("bytes").toString());
        assertThat(unit.exitCode()).as(unit.err()).isEqualTo(ExitCodes.OK);
        // pixels 255 times too large wreck the model: the default gate (clean accuracy >= 0.80) fails
        assertThat(bytes.exitCode()).as(bytes.err()).isEqualTo(ExitCodes.GATE_FAILED);
        // same images, same model: only the scaling differs, so the per-sample outcomes must too
        assertThat(Sha256.of(scenarios(tmp.resolve("bytes")))).isNotEqualTo(Sha256.of(scenarios(tmp.resolve("unit"))));
    }

    private static String scenarios(Path out) throws IOException {
        String report = Files.readString(out.resolve("report.json"));
        return report.substring(report.indexOf("\"scenarios\""));
    }

    private static void assertOneLineError(CliTest.Result result, String... fragments) {
        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.err().strip()).doesNotContain("\n").startsWith("medrobust: ").contains(fragments);
    }

    static String[] concat(String[] head, String... tail) {
        String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    private Path copyWithSidecar(String name, String sidecar) throws IOException {
        return SharedFiles.copyWithSidecar(tmp, name, sidecar);
    }
}
