package org.medrobust.models.torchscript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.util.Sha256;
import org.medrobust.models.Logits;
import org.medrobust.models.cnn.GradientCheck;
import org.medrobust.models.onnx.Bits;
import org.medrobust.models.onnx.Concurrency;
import org.medrobust.models.onnx.OnnxClassifier;
import org.medrobust.models.onnx.SharedData;

class TorchScriptClassifierTest {

    private static final ImageShape MNIST = new ImageShape(1, 28, 28);

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"pneumonia_cnn, 550", "pneumonia_vit, 517"})
    void reproducesThePyTorchTestAccuracy(String name, int correct) {
        try (TorchScriptClassifier model = load(name)) {
            assertThat(SharedData.pneumoniaTest().correct(model, 64)).isCloseTo(correct, within(1));
        }
    }

    @Test
    void agreesWithTheOnnxExportOfTheSameModel() {
        ImageBatch images = SharedData.slice(SharedData.pneumoniaTest().images(), 0, 64);
        try (TorchScriptClassifier torch = load("pneumonia_vit");
             OnnxClassifier onnx = OnnxClassifier.load(SharedData.file("models/external/pneumonia_vit.onnx"), null, null)) {
            assertThat(torch.predict(images).values()).containsExactly(onnx.predict(images).values(), within(1e-4f));
        }
    }

    @Test
    void identifiesTheFile() {
        Path file = SharedData.file("models/external/pneumonia_cnn.torchscript.pt");
        try (TorchScriptClassifier model = TorchScriptClassifier.load(file, MNIST, List.of("normal", "pneumonia"))) {
            assertThat(model.id()).as("id without its stacked extensions").isEqualTo("pneumonia_cnn");
            assertThat(model.kind()).isEqualTo("torchscript");
            assertThat(model.sha256()).isEqualTo(Sha256.of(file));
            assertThat(model.classNames()).containsExactly("normal", "pneumonia");
        }
    }

    @Test
    void predictionsAreDeterministic() {
        ImageBatch images = SharedData.slice(SharedData.pneumoniaTest().images(), 0, 32);
        try (TorchScriptClassifier model = load("pneumonia_cnn")) {
            Logits first = model.predict(images);
            assertThat(Bits.of(model.predict(images).values())).containsExactly(Bits.of(first.values()));
        }
    }

    @Test
    void predictionsFromSeveralThreadsMatchSequentialOnes() throws Exception {
        ImageBatch images = SharedData.pneumoniaTest().images();
        try (TorchScriptClassifier model = load("pneumonia_vit")) {
            Concurrency.assertConcurrentPredictionsMatch(model, java.util.stream.IntStream.range(0, 8)
                    .mapToObj(i -> SharedData.slice(images, i * 32, i * 32 + 32)).toList());
        }
    }

    @ParameterizedTest
    @CsvSource({"pneumonia_cnn", "pneumonia_vit"})
    void inputGradientMatchesFiniteDifferences(String name) {
        ImageBatch images = SharedData.slice(SharedData.pneumoniaTest().images(), 0, 4);
        int[] labels = Arrays.copyOf(SharedData.pneumoniaTest().labels(), 4);
        try (TorchScriptClassifier model = load(name)) {
            GradientCheck.assertMatchesFiniteDifferences(model, images, labels, 8, 2.5e-4f, 0.01);
        }
    }

    @Test
    void gradientsDoNotAccumulateAcrossCalls() {
        ImageBatch images = SharedData.slice(SharedData.pneumoniaTest().images(), 0, 4);
        int[] labels = Arrays.copyOf(SharedData.pneumoniaTest().labels(), 4);
        try (TorchScriptClassifier model = load("pneumonia_cnn")) {
            float[] first = model.lossGradient(images, labels).inputGradient();
            float[] second = model.lossGradient(images, labels).inputGradient();
            assertThat(Bits.of(second)).containsExactly(Bits.of(first));
        }
    }

    @Test
    void errorsAreOneLineAndNameTheFile() throws IOException {
        Path missing = dir.resolve("absent.pt");
        assertInvalid(() -> TorchScriptClassifier.load(missing, MNIST, null), missing, "no such model file");

        Path garbage = Files.writeString(dir.resolve("x.pt"), "not a zip, not TorchScript");
        assertInvalid(() -> TorchScriptClassifier.load(garbage, MNIST, null), garbage, "not a loadable TorchScript");

        Path real = SharedData.file("models/external/pneumonia_cnn.torchscript.pt");
        assertInvalid(() -> TorchScriptClassifier.load(real, null, null), real, "give the image shape");
        assertInvalid(() -> TorchScriptClassifier.load(real, MNIST, List.of("one", "two", "three")), real, "2 logits");
        Path vit = SharedData.file("models/external/pneumonia_vit.torchscript.pt");
        assertInvalid(() -> TorchScriptClassifier.load(vit, new ImageShape(1, 32, 32), null), vit, "cannot take 1x32x32");

        try (TorchScriptClassifier model = TorchScriptClassifier.load(real, MNIST, null)) {
            ImageBatch wrong = new ImageBatch(new ImageShape(3, 28, 28), 1, new float[3 * 28 * 28]);
            assertInvalid(() -> model.predict(wrong), real, "3x28x28");
        }
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Path file, String problem) {
        assertThatThrownBy(call).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining(problem)
                .hasMessageNotContaining("\n");
    }

    private static TorchScriptClassifier load(String name) {
        return TorchScriptClassifier.load(SharedData.file("models/external/" + name + ".torchscript.pt"), MNIST, null);
    }
}
