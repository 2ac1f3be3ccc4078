package org.medrobust.models.mamba;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * VMamba (Liu et al. 2024), v0 layout: patch embedding + LayerNorm, stages of VSS blocks x + SS2D(LayerNorm(x)) with
 * patch merging between stages, final LayerNorm, average pooling, linear head. See {@link SS2D}.
 */
public final class VMamba extends HierarchicalMamba {

    public VMamba(HierarchicalConfig config) {
        super(config, (width, seed) -> new VssBlock(width, config.dState(), seed), true);
    }

    /**
     * The documented configuration: widths (48, 96), depths (2, 4), N = 16, patch {@link HierarchicalConfig#patchFor}
     * (0.51 M parameters at 28 x 28, 2 classes).
     */
    public static HierarchicalConfig standardConfig(int imageSize, int channels, int classes, long seed) {
        return new HierarchicalConfig(imageSize, channels, classes, HierarchicalConfig.patchFor(imageSize),
                new int[] {48, 96}, new int[] {2, 4}, 16, VimConfig.fill(channels, 0.5f), VimConfig.fill(channels, 0.25f),
                seed);
    }

    @Override
    long blockMultiplyAdds(Block block, long side) {
        return ((VssBlock) block).ss2d.multiplyAdds(side, side);
    }

    /** x + SS2D(LayerNorm(x)), LayerNorm eps 1e-6 as VMamba. */
    static final class VssBlock extends AbstractBlock {

        private final LayerNorm norm;
        final SS2D ss2d;

        VssBlock(int width, int dState, long seed) {
            super((byte) 1);
            norm = addChildBlock("ln_1", LayerNorm.builder().axis(3).optEpsilon(1e-6f).build());
            ss2d = addChildBlock("self_attention", new SS2D(width, dState, seed));
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                         PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            NDList normed = norm.forward(store, new NDList(x), training);
            return new NDList(x.add(ss2d.forward(store, normed, training).head()));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {inputShapes[0]};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            norm.initialize(manager, dataType, inputShapes);
            ss2d.initialize(manager, dataType, inputShapes);
        }
    }
}
