package org.medrobust.models.onnx;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;

/** Every bad model file or input gives a one-line InvalidInputException naming the file. */
class OnnxErrorsTest {

    @TempDir
    Path dir;

    @Test
    void missingFile() {
        Path file = dir.resolve("absent.onnx");
        assertOneLine(() -> OnnxClassifier.load(file, null, null), file).hasMessageContaining("no such model file");
    }

    @Test
    void garbageBytes() throws IOException {
        Path file = Files.write(dir.resolve("x.onnx"), "this is not a protobuf\n\u0000\u00ff garbage".getBytes());
        assertOneLine(() -> OnnxClassifier.load(file, null, null), file).hasMessageContaining("not a valid ONNX model");
    }

    @Test
    void truncatedModel() throws IOException {
        byte[] model = new TinyOnnx().bytes();
        Path file = Files.write(dir.resolve("cut.onnx"), java.util.Arrays.copyOf(model, model.length - 7));
        assertOneLine(() -> OnnxClassifier.load(file, null, null), file).hasMessageContaining("not a valid ONNX model");
    }

    @Test
    void batchOfTheWrongShape() throws IOException {
        Path file = write("tiny.onnx", new TinyOnnx());
        try (OnnxClassifier model = OnnxClassifier.load(file, null, null)) {
            ImageBatch wrong = new ImageBatch(new ImageShape(3, 32, 32), 1, new float[3 * 32 * 32]);
            assertOneLine(() -> model.predict(wrong), file).hasMessageContaining("3x32x32").hasMessageContaining("1x4x4");
        }
    }

    @Test
    void dynamicImageDimensionsNeedAnExplicitShape() throws IOException {
        Path file = write("dynamic.onnx", new TinyOnnx().input("batch", 1L, "height", "width"));
        assertOneLine(() -> OnnxClassifier.load(file, null, null), file).hasMessageContaining("give the image shape");
    }

    @Test
    void explicitShapeMustFitTheModel() throws IOException {
        Path file = write("tiny.onnx", new TinyOnnx());
        assertOneLine(() -> OnnxClassifier.load(file, new ImageShape(1, 5, 5), null), file)
                .hasMessageContaining("1x5x5");
    }

    @Test
    void nonFloatInput() throws IOException {
        Path file = write("ints.onnx", new TinyOnnx().int64Input());
        assertOneLine(() -> OnnxClassifier.load(file, null, null), file).hasMessageContaining("only float32");
    }

    @Test
    void moreThanOneInput() throws IOException {
        Path file = write("two.onnx", new TinyOnnx().secondInput());
        assertOneLine(() -> OnnxClassifier.load(file, null, null), file).hasMessageContaining("2 inputs");
    }

    @Test
    void classNamesMustMatchTheLogits() throws IOException {
        Path file = write("tiny.onnx", new TinyOnnx());
        assertOneLine(() -> OnnxClassifier.load(file, null, List.of("a", "b", "c")), file)
                .hasMessageContaining("2 logits");
    }

    private Path write(String name, TinyOnnx model) throws IOException {
        return Files.write(dir.resolve(name), model.bytes());
    }

    static AbstractThrowableAssert<?, ? extends Throwable> assertOneLine(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Path file) {
        return assertThatThrownBy(call)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageNotContaining("\n");
    }
}
