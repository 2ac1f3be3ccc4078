package org.medrobust.suite.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import org.medrobust.datasets.ImageShape;
import org.medrobust.models.baselines.VitBaseline;
import org.medrobust.models.mamba.HierarchicalConfig;
import org.medrobust.models.mamba.VimConfig;
import org.medrobust.models.training.Architecture;
import org.medrobust.models.training.Flops;
import org.medrobust.models.zoo.Architectures;

/**
 * A family's standard network at one square resolution, initialised with random weights (enough for timing), and
 * what it costs per image.
 */
final class BenchModel {

    /** Logits of the benchmarked networks (the zoo's binary tasks). */
    static final int CLASSES = 2;

    private BenchModel() {
    }

    /** Size and cost of one image, from the initialised network (no forward pass). */
    record Size(long parameters, long multiplyAdds, Integer tokens, int attentionHeads) {

        long flops() {
            return 2 * multiplyAdds;
        }
    }

    static Architecture architecture(String family, int resolution, int channels) {
        return Architectures.standard(family, new ImageShape(channels, resolution, resolution), CLASSES);
    }

    /** Builds and initialises the network on {@code manager}'s memory. */
    static Block build(Architecture architecture, NDManager manager, int resolution, int channels) {
        Block block = architecture.build(new ImageShape(channels, resolution, resolution), CLASSES);
        block.initialize(manager, DataType.FLOAT32, new Shape(1, channels, resolution, resolution));
        return block;
    }

    static Size size(String family, int resolution, int channels) {
        Architecture architecture = architecture(family, resolution, channels);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = build(architecture, manager, resolution, channels);
            return new Size(Flops.parameterCount(block),
                    Flops.multiplyAdds(block, new Shape(channels, resolution, resolution)),
                    tokens(architecture, resolution), heads(architecture));
        }
    }

    /** The token mixer's sequence length; null for a CNN. */
    static Integer tokens(Architecture architecture, int resolution) {
        return switch (architecture.config()) {
            case VitBaseline.Config vit -> square(resolution / vit.patch());
            case VimConfig vim -> vim.patches() + 1;
            case HierarchicalConfig h -> square(h.side(0));
            default -> null;
        };
    }

    private static int heads(Architecture architecture) {
        return architecture.config() instanceof VitBaseline.Config vit ? vit.heads() : 0;
    }

    private static int square(int side) {
        return side * side;
    }
}
