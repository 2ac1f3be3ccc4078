package org.medrobust.models.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.models.Logits;
import org.medrobust.models.capability.WritableWeights;
import org.medrobust.models.capability.WritableWeights.WeightTensor;

/** Written weights take effect on the next prediction, and writing the originals back restores the model. */
class OnnxWeightsTest {

    @TempDir
    Path dir;

    @Test
    void readsBothInitializerEncodings() throws IOException {
        try (OnnxClassifier model = tiny()) {
            assertThat(model.tensors()).extracting(WeightTensor::name).containsExactly("W", "B");
            assertThat(model.tensors().getFirst().shape()).containsExactly(1, 2);
            assertThat(model.read("W")).containsExactly(TinyOnnx.W);
            assertThat(model.read("B")).containsExactly(TinyOnnx.B);
            assertThat(model.capability(WritableWeights.class)).containsSame(model);
        }
    }

    @Test
    void writtenWeightsChangePredictionsUntilRestored() throws IOException {
        try (OnnxClassifier model = tiny()) {
            ImageBatch images = OnnxSignatureTest.constantImages(model.inputShape(), 0.25f, 0.75f);
            Logits before = model.predict(images);

            model.write("W", new float[] {4f, -1f});
            assertThat(model.read("W")).containsExactly(4f, -1f);
            Logits changed = model.predict(images);
            assertThat(changed.at(1, 0)).isEqualTo(0.75f * 4f + TinyOnnx.B[0]);
            assertThat(changed.at(1, 1)).isEqualTo(0.75f * -1f + TinyOnnx.B[1]);

            model.write("W", TinyOnnx.W.clone());
            assertThat(Bits.of(model.predict(images).values()))
                    .containsExactly(Bits.of(before.values()));
        }
    }

    @Test
    void rejectsUnknownTensorsAndWrongSizes() throws IOException {
        try (OnnxClassifier model = tiny()) {
            assertThatThrownBy(() -> model.write("nope", new float[2])).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("nope");
            assertThatThrownBy(() -> model.write("B", new float[3])).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("2 values");
        }
    }

    @Test
    void aSignFlipInARealModelIsUndoneBitForBit() {
        Path file = SharedData.file("models/external/pneumonia_cnn.onnx");
        try (OnnxClassifier model = OnnxClassifier.load(file, null, null)) {
            var data = SharedData.pneumoniaTest();
            ImageBatch images = SharedData.slice(data.images(), 0, 128);
            Logits clean = model.predict(images);
            WeightTensor first = model.tensors().getFirst();
            float[] original = model.read(first.name());

            float[] flipped = original.clone();
            for (int i = 0; i < flipped.length; i++) {
                flipped[i] = -flipped[i];
            }
            model.write(first.name(), flipped);
            assertThat(Bits.of(model.predict(images).values()))
                    .isNotEqualTo(Bits.of(clean.values()));

            model.write(first.name(), original);
            assertThat(Bits.of(model.predict(images).values()))
                    .containsExactly(Bits.of(clean.values()));
        }
    }

    @Test
    void exposesEveryFloatWeightOfARealModel() {
        try (OnnxClassifier model = OnnxClassifier.load(SharedData.file("models/external/pneumonia_cnn.onnx"), null, null)) {
            assertThat(model.tensors()).extracting(WeightTensor::name).containsExactly("c1.weight", "c1.bias",
                    "c2.weight", "c2.bias", "c3.weight", "c3.bias", "fc.weight", "fc.bias");
            long values = model.tensors().stream().mapToLong(t -> Arrays.stream(t.shape()).reduce(1, Math::multiplyExact)).sum();
            assertThat(values).as("parameters in the README").isEqualTo(23_426);
        }
    }

    /** Guards against ONNX Runtime optimisations that bake a weight in and ignore its override. */
    @ParameterizedTest
    @ValueSource(strings = {"pneumonia_cnn.onnx", "pneumonia_vit.onnx"})
    void everyWeightTensorTakesEffectWhenWritten(String name) {
        try (OnnxClassifier model = OnnxClassifier.load(SharedData.file("models/external/" + name), null, null)) {
            ImageBatch images = SharedData.slice(SharedData.pneumoniaTest().images(), 0, 8);
            int[] clean = Bits.of(model.predict(images).values());
            for (WeightTensor tensor : model.tensors()) {
                float[] original = model.read(tensor.name());
                float[] scaled = original.clone();
                for (int i = 0; i < scaled.length; i++) {
                    scaled[i] = scaled[i] * -3f + 0.5f;
                }
                model.write(tensor.name(), scaled);
                assertThat(Bits.of(model.predict(images).values())).as(tensor.name()).isNotEqualTo(clean);
                model.write(tensor.name(), original);
            }
            assertThat(Bits.of(model.predict(images).values())).containsExactly(clean);
        }
    }

    private OnnxClassifier tiny() throws IOException {
        return OnnxClassifier.load(Files.write(dir.resolve("tiny.onnx"), new TinyOnnx().bytes()), null, null);
    }
}
