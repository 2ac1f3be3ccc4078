package org.medrobust.models.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.ImageShape;
import org.medrobust.models.Logits;

/** Input signatures beyond the shipped models: dynamic dimensions, a fixed batch, a dynamic logit width. */
class OnnxSignatureTest {

    @TempDir
    Path dir;

    @Test
    void dynamicImageDimensionsTakeTheExplicitShape() throws IOException {
        Path file = Files.write(dir.resolve("dynamic.onnx"), new TinyOnnx().input("batch", 1L, "h", "w").bytes());
        try (OnnxClassifier model = OnnxClassifier.load(file, new ImageShape(1, 5, 3), null)) {
            assertThat(model.inputShape()).isEqualTo(new ImageShape(1, 5, 3));
            assertLogits(model.predict(constantImages(model.inputShape(), 0.2f, 0.6f)), 0.2f, 0.6f);
        }
    }

    @Test
    void aFixedBatchModelGetsPaddedChunks() throws IOException {
        Path file = Files.write(dir.resolve("fixed.onnx"), new TinyOnnx().input(2L, 1L, 4L, 4L).output(2L, 2L).bytes());
        try (OnnxClassifier model = OnnxClassifier.load(file, null, null)) {
            assertLogits(model.predict(constantImages(model.inputShape(), 0.1f, 0.5f, 0.9f)), 0.1f, 0.5f, 0.9f);
        }
    }

    @Test
    void aDynamicLogitWidthIsFoundByRunningTheModel() throws IOException {
        Path file = Files.write(dir.resolve("width.onnx"), new TinyOnnx().output("batch", "classes").bytes());
        try (OnnxClassifier model = OnnxClassifier.load(file, null, null)) {
            assertThat(model.classNames()).containsExactly("class_0", "class_1");
            assertThat(model.id()).isEqualTo("width");
        }
    }

    /** One image per mean value, every pixel equal to it. */
    static ImageBatch constantImages(ImageShape shape, float... means) {
        float[] data = new float[means.length * shape.pixels()];
        for (int i = 0; i < means.length; i++) {
            Arrays.fill(data, i * shape.pixels(), (i + 1) * shape.pixels(), means[i]);
        }
        return new ImageBatch(shape, means.length, data);
    }

    static void assertLogits(Logits logits, float... means) {
        assertThat(logits.rows()).isEqualTo(means.length);
        for (int i = 0; i < means.length; i++) {
            float[] row = {logits.at(i, 0), logits.at(i, 1)};
            assertThat(row).containsExactly(TinyOnnx.expected(means[i]), within(1e-6f));
        }
    }
}
