package org.medrobust.models.baselines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.medrobust.datasets.ArrayDataset;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.models.djl.DjlClassifier;
import org.medrobust.models.djl.DjlRuntime;
import org.medrobust.models.training.Architecture;
import org.medrobust.models.training.Flops;
import org.medrobust.models.training.TrainedNetworks;

/** The CNN and ViT baselines: size, cost, shapes, normalisation inside, gray and RGB, 28 to 64 px. */
class BaselinesTest {

    @Test
    void resnetIsDjlsSmallImageVariantWithinTheParameterBudget() {
        ResNetBaseline cnn = ResNetBaseline.forData(data(new ImageShape(1, 28, 28), 0.3f));
        Measured gray = measure(cnn, new ImageShape(1, 28, 28), 2);
        // ResNet-26: stem 16*9; stage 1: 4 blocks of two 16x16 3x3 convs + BN, a 1x1 16->16 shortcut; stages 2, 3 alike
        // at 32 and 64 channels; linear 64*2+2. DJL's builder gives the count; it must stay in the 0.3-1.5 M band.
        assertThat(gray.parameters()).isEqualTo(369_138).isBetween(300_000L, 1_500_000L);
        // Small-image variant: a 3x3 stride-1 stem, so a 28 px image keeps its resolution in stage 1.
        Block resnet = ((SequentialBlock) gray.net()).getChildren().get(1).getValue();
        Conv2d stem = (Conv2d) resnet.getChildren().get(0).getValue();
        assertThat(stem.getKernelShape()).isEqualTo(new Shape(3, 3));
        assertThat(stem.getStride()).isEqualTo(new Shape(1, 1));
        // By hand: stem 16*9 at 28x28; stage 1: 8 convs 16*16*9 at 28x28 + 1x1 shortcut 16*16; stage 2 at 14x14:
        // 32*16*9 + 7 x 32*32*9 + shortcut 32*16; stage 3 at 7x7: 64*32*9 + 7 x 64*64*9 + shortcut 64*32; linear 64*2.
        long byHand = 16L * 9 * 784 + (8L * 16 * 16 * 9 + 16 * 16) * 784 + (32L * 16 * 9 + 7L * 32 * 32 * 9 + 32 * 16) * 196
                + (64L * 32 * 9 + 7L * 64 * 64 * 9 + 64 * 32) * 49 + 64 * 2;
        assertThat(gray.multiplyAdds()).isEqualTo(byHand).isEqualTo(42_060_160L);

        ResNetBaseline rgb64 = ResNetBaseline.forData(data(new ImageShape(3, 64, 64), 0.5f));
        assertThat(rgb64.config().inputPool()).isEqualTo(2);
        Measured rgb = measure(rgb64, new ImageShape(3, 64, 64), 5);
        assertThat(rgb.parameters()).isEqualTo(369_138 + 2 * 16 * 9 + 3 * 64 + 3); // 2 more input channels, 3 more classes
        assertThat(((SequentialBlock) rgb.net()).getChildren().get(1).getValue().toString()).contains("avgPool2d");
    }

    @Test
    void vitHasFortyNineTokensAtTwentyEightPixelsAndCountsItsAttention() {
        VitBaseline vit = VitBaseline.forData(data(new ImageShape(1, 28, 28), 0.3f));
        assertThat(vit.config().patch()).isEqualTo(4);
        Measured gray = measure(vit, new ImageShape(1, 28, 28), 2);
        // Per layer: 2 layer norms 4E, attention 4(E^2 + E), MLP 2EM + M + E; plus patches 16E + E, positions 49E,
        // final norm 2E and head 2E + 2; E = 96, M = 192, 6 layers.
        long e = 96;
        long m = 192;
        long perLayer = 4 * e + 4 * (e * e + e) + 2 * e * m + m + e;
        long expected = 6 * perLayer + 16 * e + e + 49 * e + 2 * e + 2 * e + 2;
        assertThat(gray.parameters()).isEqualTo(expected).isBetween(300_000L, 1_500_000L);
        long t = 49;
        long macs = 6 * (4 * t * e * e + 2 * t * t * e + 2 * t * e * m) + t * e * 16 + e * 2;
        assertThat(gray.multiplyAdds()).isEqualTo(macs);

        VitBaseline rgb64 = VitBaseline.forData(data(new ImageShape(3, 64, 64), 0.5f));
        assertThat(rgb64.config().patch()).isEqualTo(8);
        assertThat(measure(rgb64, new ImageShape(3, 64, 64), 3).parameters()).isBetween(300_000L, 1_500_000L);
    }

    @Test
    void normalisationUsesTheTrainStatisticsAndSavedWeightsLoadBack() {
        ImageShape shape = new ImageShape(1, 28, 28);
        ArrayDataset train = data(shape, 0.3f);
        double[][] statistics = Normalisation.statistics(train);
        assertThat(statistics[0][0]).isBetween(0.25, 0.35);
        for (Architecture architecture : List.<Architecture>of(ResNetBaseline.forData(train), VitBaseline.forData(train))) {
            try (NDManager manager = DjlRuntime.ensureOfflineEngine().newBaseManager(Device.cpu())) {
                DjlRuntime.ensureOfflineEngine().setRandomSeed(3);
                Block net = architecture.build(shape, 2);
                net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
                byte[] params = TrainedNetworks.save(net);
                ImageBatch batch = train.batch(0, 4);
                try (DjlClassifier loaded = TrainedNetworks.load(architecture, params, "m", shape, List.of("a", "b"),
                        "loaded"); DjlClassifier again = TrainedNetworks.load(architecture, params, "m", shape,
                        List.of("a", "b"), "again")) {
                    assertThat(loaded.predict(batch).values()).containsExactly(again.predict(batch).values());
                    assertThat(loaded.kind()).isEqualTo(architecture.kind());
                }
            }
        }
    }

    @Test
    void badConfigurationsAreRefusedWithOneLine() {
        assertThatThrownBy(() -> ResNetBaseline.forData(data(new ImageShape(1, 28, 28), 0.3f), 27))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("6n + 2");
        VitBaseline vit = VitBaseline.forData(data(new ImageShape(1, 28, 28), 0.3f));
        assertThatThrownBy(() -> vit.build(new ImageShape(3, 28, 28), 2))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("channel");
    }

    /** A parameter count and cost of an initialised network. */
    private record Measured(Block net, long parameters, long multiplyAdds) {
    }

    private static Measured measure(Architecture architecture, ImageShape shape, int classes) {
        try (NDManager manager = DjlRuntime.ensureOfflineEngine().newBaseManager(Device.cpu())) {
            Block net = architecture.build(shape, classes);
            Shape input = new Shape(2, shape.channels(), shape.height(), shape.width());
            net.initialize(manager, DataType.FLOAT32, input);
            assertThat(net.getOutputShapes(new Shape[] {input})[0]).isEqualTo(new Shape(2, classes));
            return new Measured(net, Flops.parameterCount(net),
                    Flops.multiplyAdds(net, new Shape(shape.channels(), shape.height(), shape.width())));
        }
    }

    private static ArrayDataset data(ImageShape shape, float mean) {
        SplittableRandom random = new SplittableRandom(4);
        int n = 8;
        float[] pixels = new float[n * shape.pixels()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) Math.min(1, Math.max(0, mean + 0.2 * (random.nextDouble() - 0.5)));
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
        }
        return new ArrayDataset("test", shape, pixels, labels, List.of("a", "b"));
    }
}
