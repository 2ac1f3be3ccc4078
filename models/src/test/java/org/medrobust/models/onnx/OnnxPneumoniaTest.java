package org.medrobust.models.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.util.Sha256;
import org.medrobust.models.Logits;

/** The external PneumoniaMNIST models reproduce their recorded PyTorch test accuracy under ONNX Runtime. */
class OnnxPneumoniaTest {

    private static final int TEST_IMAGES = 624;

    @Test
    void cnnReproducesItsPyTorchTestAccuracy() {
        try (OnnxClassifier model = OnnxClassifier.load(SharedData.file("models/external/pneumonia_cnn.onnx"), null, null)) {
            assertThat(SharedData.pneumoniaTest().labels()).hasSize(TEST_IMAGES);
            assertThat(SharedData.pneumoniaTest().correct(model, 64)).isCloseTo(550, within(1));
        }
    }

    @Test
    void vitReproducesItsPyTorchTestAccuracy() {
        try (OnnxClassifier model = OnnxClassifier.load(SharedData.file("models/external/pneumonia_vit.onnx"), null, null)) {
            assertThat(SharedData.pneumoniaTest().correct(model, 64)).isCloseTo(517, within(1));
        }
    }

    @Test
    void readsItsSignatureAndIdentityFromTheFile() {
        Path file = SharedData.file("models/external/pneumonia_cnn.onnx");
        try (OnnxClassifier model = OnnxClassifier.load(file, null, List.of("normal", "pneumonia"))) {
            assertThat(model.id()).isEqualTo("pneumonia_cnn");
            assertThat(model.kind()).isEqualTo("onnx");
            assertThat(model.inputShape()).isEqualTo(new ImageShape(1, 28, 28));
            assertThat(model.classNames()).containsExactly("normal", "pneumonia");
            assertThat(model.sha256()).isEqualTo(Sha256.of(file));
        }
        try (OnnxClassifier unnamed = OnnxClassifier.load(file, new ImageShape(1, 28, 28), null)) {
            assertThat(unnamed.classNames()).containsExactly("class_0", "class_1");
        }
    }

    @Test
    void predictionsAreDeterministicAndIndependentOfBatchSize() {
        try (OnnxClassifier model = OnnxClassifier.load(SharedData.file("models/external/pneumonia_cnn.onnx"), null, null)) {
            ImageBatch images = SharedData.slice(SharedData.pneumoniaTest().images(), 0, 64);
            Logits first = model.predict(images);
            Logits second = model.predict(images);
            assertThat(Bits.of(second.values())).containsExactly(Bits.of(first.values()));
            for (int i = 0; i < 64; i += 9) {
                Logits single = model.predict(SharedData.slice(images, i, i + 1));
                assertThat(single.values()).containsExactly(new float[] {first.at(i, 0), first.at(i, 1)}, within(1e-5f));
            }
        }
    }

    @Test
    void predictionsFromSeveralThreadsMatchSequentialOnes() throws Exception {
        try (OnnxClassifier model = OnnxClassifier.load(SharedData.file("models/external/pneumonia_vit.onnx"), null, null)) {
            ImageBatch images = SharedData.pneumoniaTest().images();
            Concurrency.assertConcurrentPredictionsMatch(model, java.util.stream.IntStream.range(0, 8)
                    .mapToObj(i -> SharedData.slice(images, i * 32, i * 32 + 32)).toList());
        }
    }

    @Test
    void anEmptyBatchGivesNoLogits() {
        try (OnnxClassifier model = OnnxClassifier.load(SharedData.file("models/external/pneumonia_vit.onnx"), null, null)) {
            Logits logits = model.predict(new ImageBatch(model.inputShape(), 0, new float[0]));
            assertThat(logits.rows()).isZero();
            assertThat(logits.classes()).isEqualTo(2);
        }
    }
}
