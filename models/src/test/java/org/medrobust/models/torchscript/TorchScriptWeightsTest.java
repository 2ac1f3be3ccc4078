package org.medrobust.models.torchscript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.ImageShape;
import org.medrobust.models.capability.WritableWeights.WeightTensor;
import org.medrobust.models.onnx.Bits;
import org.medrobust.models.onnx.SharedData;

/** TorchScript weights are the module's named parameters, written in place, bit for bit. */
class TorchScriptWeightsTest {

    private static final ImageShape MNIST = new ImageShape(1, 28, 28);

    @Test
    void listsTheNamedParametersWithTheirShapes() {
        try (TorchScriptClassifier model = load("pneumonia_cnn")) {
            assertThat(model.tensors()).isNotEmpty();
            long values = model.tensors().stream().mapToLong(t -> product(t.shape())).sum();
            assertThat(values).isEqualTo(23_426); // the parameter count the model's README gives
            for (WeightTensor tensor : model.tensors()) {
                assertThat(model.read(tensor.name())).hasSize((int) product(tensor.shape()));
            }
        }
    }

    @Test
    void aWriteIsReadBackExactlyChangesPredictionsAndRestoringRestoresTheLogits() {
        ImageBatch images = SharedData.slice(SharedData.pneumoniaTest().images(), 0, 16);
        try (TorchScriptClassifier model = load("pneumonia_cnn")) {
            float[] before = model.predict(images).values();
            WeightTensor first = model.tensors().getFirst();
            float[] original = model.read(first.name());
            float[] flipped = original.clone();
            // a sign-bit flip and an exponent-bit flip: the bits, NaN-free, must land unchanged
            flipped[0] = Float.intBitsToFloat(Float.floatToRawIntBits(flipped[0]) ^ 0x8000_0000);
            flipped[1] = Float.intBitsToFloat(Float.floatToRawIntBits(flipped[1]) ^ 0x1000_0000);
            model.write(first.name(), flipped);

            assertThat(Bits.of(model.read(first.name()))).containsExactly(Bits.of(flipped));
            assertThat(Bits.of(model.predict(images).values())).isNotEqualTo(Bits.of(before));

            model.write(first.name(), original);
            assertThat(Bits.of(model.read(first.name()))).containsExactly(Bits.of(original));
            assertThat(Bits.of(model.predict(images).values())).containsExactly(Bits.of(before));
        }
    }

    @Test
    void writesOfUnknownTensorsOrWrongSizesAreRefused() {
        try (TorchScriptClassifier model = load("pneumonia_vit")) {
            WeightTensor first = model.tensors().getFirst();
            assertThatThrownBy(() -> model.write("no.such.weight", new float[1]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no.such.weight");
            assertThatThrownBy(() -> model.write(first.name(), new float[(int) product(first.shape()) + 1]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(first.name());
        }
    }

    private static long product(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    private static TorchScriptClassifier load(String name) {
        return TorchScriptClassifier.load(SharedData.file("models/external/" + name + ".torchscript.pt"), MNIST, null);
    }
}
