package org.medrobust.models.baselines;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import java.util.Arrays;
import java.util.Locale;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.models.training.Architecture;

/**
 * The CNN baseline: DJL's ResNet builder ({@link DjlResNetV1}, i.e. {@code ai.djl.basicmodelzoo}'s ResNetV1) in its
 * small-image configuration, with the input standardised inside the network.
 *
 * <p>Adaptation to 28-64 px images, without touching the builder: it is always asked for its small-image variant by
 * passing it a 28 px image side (the builder picks its configuration from that side alone). That variant is He et
 * al.'s CIFAR ResNet (section 4.2): a 3x3 stride-1 stem, three stages of (layers - 2) / 6 basic blocks with 16, 32 and
 * 64 channels (stride 2 between stages), global average pooling and a linear layer; it is fully convolutional, so it
 * runs on any image side. Images above 32 px are first average-pooled 2x2 ({@code inputPool}), so a 64 px image
 * enters at 32 px, the size the variant was designed for; 28-32 px images enter as they are. The default, 26 layers
 * (4 blocks per stage), has 0.37 M parameters.
 */
public final class ResNetBaseline implements Architecture {

    public static final String NAME = "resnet-v1";
    /** The image side handed to DJL's builder: at most 28 selects its small-image (CIFAR) configuration. */
    public static final int BUILDER_SIDE = 28;
    public static final int DEFAULT_LAYERS = 26;

    private final Config config;

    /**
     * @param layers     6n + 2 (20, 26, 32, 44, 56 ...): n basic blocks per stage
     * @param builderSide the image side given to DJL's builder (always {@value #BUILDER_SIDE})
     * @param inputPool  average-pool factor applied before the ResNet (1, or 2 for images above 32 px)
     * @param mean       per-channel mean of the train split's pixels, subtracted inside the network
     * @param std        per-channel standard deviation, divided by
     */
    public record Config(int layers, int builderSide, int inputPool, double[] mean, double[] std) {

        public Config {
            if (layers < 8 || (layers - 2) % 6 != 0 || layers >= 164) {
                throw new InvalidInputException("ResNet depth must be 6n + 2 below 164 (20, 26, 32, ...), got " + layers);
            }
            if (inputPool < 1 || builderSide > BUILDER_SIDE || mean == null || std == null || mean.length != std.length) {
                throw new InvalidInputException("bad ResNet config: inputPool " + inputPool + ", builderSide "
                        + builderSide + ", mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std));
            }
        }
    }

    public ResNetBaseline(Config config) {
        this.config = config;
    }

    /** The default depth for images like {@code train}'s, standardised with its statistics. */
    public static ResNetBaseline forData(Dataset train) {
        return forData(train, DEFAULT_LAYERS);
    }

    public static ResNetBaseline forData(Dataset train, int layers) {
        ImageShape shape = train.shape();
        checkShape(shape);
        double[][] statistics = Normalisation.statistics(train);
        int pool = Math.max(shape.height(), shape.width()) > 32 ? 2 : 1;
        return new ResNetBaseline(new Config(layers, BUILDER_SIDE, pool, statistics[0], statistics[1]));
    }

    private static void checkShape(ImageShape shape) {
        if (shape.height() < 8 || shape.width() < 8 || shape.height() > 512 || shape.width() > 512) {
            throw new InvalidInputException("the CNN baseline takes images of 8 to 512 px a side, got " + shape);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String kind() {
        return "djl-cnn";
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public String summary() {
        int blocks = (config.layers() - 2) / 6;
        return String.format(Locale.ROOT, "ResNet-%d from DJL's ResNetV1 builder (small-image variant: 3x3 stem, 3 "
                        + "stages x %d basic blocks, 16/32/64 channels, global average pool, linear)%s, per-channel "
                        + "standardisation inside", config.layers(), blocks,
                config.inputPool() > 1 ? ", input average-pooled " + config.inputPool() + "x" : "");
    }

    @Override
    public Block build(ImageShape shape, int classes) {
        checkShape(shape);
        if (shape.channels() != config.mean().length) {
            throw new InvalidInputException("the CNN was configured for " + config.mean().length
                    + " channel(s), images have " + shape.channels());
        }
        SequentialBlock net = new SequentialBlock();
        net.add(Normalisation.block(config.mean(), config.std()));
        if (config.inputPool() > 1) {
            net.add(Pool.avgPool2dBlock(new Shape(config.inputPool(), config.inputPool())));
        }
        net.add(DjlResNetV1.builder()
                .setImageShape(new Shape(shape.channels(), config.builderSide(), config.builderSide()))
                .setNumLayers(config.layers())
                .setOutSize(classes)
                .build());
        return net;
    }
}
