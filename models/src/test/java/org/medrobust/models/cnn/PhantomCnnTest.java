package org.medrobust.models.cnn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.phantom.PhantomData;
import org.medrobust.datasets.phantom.PhantomSpec;
import org.medrobust.models.djl.DjlClassifier;
import org.medrobust.models.djl.DjlRuntime;
import org.medrobust.models.zoo.ShippedModels;

class PhantomCnnTest {

    @Test
    void isASmallNetworkWithOneLogitPerClass() {
        try (NDManager manager = DjlRuntime.ensureOfflineEngine().newBaseManager(Device.cpu())) {
            SequentialBlock net = PhantomCnn.build(3);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            assertThat(PhantomCnn.parameterCount(net)).isLessThan(50_000);
            assertThat(net.getOutputShapes(new Shape[] {new Shape(5, 1, 28, 28)})[0]).isEqualTo(new Shape(5, 3));
        }
    }

    @Test
    void savedParametersLoadBackToTheSameModel() {
        ImageShape shape = new ImageShape(1, 16, 16);
        try (NDManager manager = DjlRuntime.ensureOfflineEngine().newBaseManager(Device.cpu())) {
            SequentialBlock net = PhantomCnn.build(2);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 16, 16));
            byte[] params = PhantomCnn.save(net);
            ImageBatch batch = new ImageBatch(shape, 2, random(2 * shape.pixels()));
            try (DjlClassifier original = new DjlClassifier(PhantomCnn.identity("net", shape, List.of("a", "b"), "-"),
                    net, manager, () -> { });
                 DjlClassifier loaded = PhantomCnn.load(params, shape, List.of("a", "b"), "loaded")) {
                assertThat(loaded.predict(batch).values()).containsExactly(original.predict(batch).values());
            }
        }
    }

    @Test
    void inputGradientMatchesFiniteDifferences() {
        var test = PhantomData.generate(new PhantomSpec(PhantomSpec.DEFAULT.seed(), 28, 0, 0, 8)).split(Split.TEST);
        try (DjlClassifier model = ShippedModels.load(PhantomCnn.ID)) {
            GradientCheck.assertMatchesFiniteDifferences(model, test.batch(0, 4), test.labels(0, 4), 8, 2.5e-4f, 0.01);
        }
    }

    private static float[] random(int count) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextDouble();
        }
        return values;
    }
}
