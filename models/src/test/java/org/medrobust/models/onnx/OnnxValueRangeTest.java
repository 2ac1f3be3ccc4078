package org.medrobust.models.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.ImageShape;
import org.medrobust.models.Classifier;
import org.medrobust.models.host.InputSpec;
import org.medrobust.models.host.SidecarFile;
import org.medrobust.models.host.ValueRange;
import org.medrobust.models.user.UserModels;

/** A model trained on [0, 255] pixels, declared as such, gives what the same model on [0, 1] pixels gives. */
class OnnxValueRangeTest {

    private static final ImageShape SHAPE = new ImageShape(1, 4, 4);

    @TempDir
    Path dir;

    @Test
    void aModelDeclaredToTake0To255GetsScaledImages() throws IOException {
        Path unit = write("unit.onnx", new TinyOnnx());
        Path bytes = write("bytes.onnx", new TinyOnnx().dividedBy(255));
        Files.writeString(SidecarFile.of(bytes), "valueRange: [0, 255]\n");
        ImageBatch images = images(0.2f, 0.7f, 1f);
        try (Classifier reference = UserModels.load(unit, InputSpec.NONE, null);
             Classifier scaled = UserModels.load(bytes, InputSpec.NONE, null)) {
            assertThat(scaled.predict(images).values()).containsExactly(reference.predict(images).values(), within(1e-6f));
            assertThat(reference.predict(images).values()).containsExactly(concat(TinyOnnx.expected(0.2f),
                    TinyOnnx.expected(0.7f), TinyOnnx.expected(1f)), within(1e-6f));
        }
    }

    @Test
    void theSameModelDeclaredToTake0To1SeesPixels255TimesTooSmall() throws IOException {
        Path bytes = write("bytes.onnx", new TinyOnnx().dividedBy(255));
        InputSpec unitRange = InputSpec.of("--value-range", null, ValueRange.UNIT, null);
        try (Classifier model = UserModels.load(bytes, unitRange, null)) {
            assertThat(model.predict(images(0.7f)).values()).containsExactly(TinyOnnx.expected(0.7f / 255), within(1e-6f));
        }
    }

    @Test
    void aDeclarationOnTheCommandLineBeatsTheSidecar() throws IOException {
        Path bytes = write("bytes.onnx", new TinyOnnx().dividedBy(255));
        Files.writeString(SidecarFile.of(bytes), "valueRange: 0,1\n");
        InputSpec flags = InputSpec.of("--value-range", null, new ValueRange(0, 255), null);
        try (Classifier model = UserModels.load(bytes, flags, null)) {
            assertThat(model.predict(images(0.7f)).values()).containsExactly(TinyOnnx.expected(0.7f), within(1e-6f));
        }
    }

    private Path write(String name, TinyOnnx model) throws IOException {
        return Files.write(dir.resolve(name), model.bytes());
    }

    /** One uniform 4x4 image per mean value, so the tiny model's logits are known exactly. */
    private static ImageBatch images(float... means) {
        float[] data = new float[means.length * SHAPE.pixels()];
        for (int i = 0; i < data.length; i++) {
            data[i] = means[i / SHAPE.pixels()];
        }
        return new ImageBatch(SHAPE, means.length, data);
    }

    private static float[] concat(float[]... rows) {
        float[] all = new float[rows.length * 2];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, all, i * 2, 2);
        }
        return all;
    }
}
