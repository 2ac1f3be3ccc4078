package org.medrobust.models.mamba;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * MedMamba (Yue &amp; Li 2024): VMamba's skeleton (patch embedding + LayerNorm, stages with patch merging, average
 * pooling, head; no final norm, as MedMamba's VSSM) with SS-Conv-SSM blocks:
 *
 * <pre>
 * left, right = split(x, 2, channels)
 * left  = ReLU(conv1x1(ReLU(BN(conv3x3(ReLU(BN(conv3x3(BN(left)))))))))   (MedMamba's conv33conv33conv11)
 * right = SS2D(LayerNorm(right))                                           (width C / 2)
 * out   = channel_shuffle(concat(left, right), groups 2) + x
 * </pre>
 *
 * At 28 x 28 the patch is 2 instead of the paper's 4 (see {@link HierarchicalConfig#patchFor}).
 */
public final class MedMamba extends HierarchicalMamba {

    public MedMamba(HierarchicalConfig config) {
        super(config, (width, seed) -> new SsConvSsm(width, config.dState(), seed), false);
    }

    /**
     * The documented configuration: widths (64, 128), depths (2, 2), N = 16, patch {@link HierarchicalConfig#patchFor}
     * (0.47 M parameters at 28 x 28, 2 classes).
     */
    public static HierarchicalConfig standardConfig(int imageSize, int channels, int classes, long seed) {
        return new HierarchicalConfig(imageSize, channels, classes, HierarchicalConfig.patchFor(imageSize),
                new int[] {64, 128}, new int[] {2, 2}, 16, VimConfig.fill(channels, 0.5f),
                VimConfig.fill(channels, 0.25f), seed);
    }

    @Override
    long blockMultiplyAdds(Block block, long side) {
        SsConvSsm b = (SsConvSsm) block;
        long half = b.half;
        return b.ss2d.multiplyAdds(side, side) + side * side * (2 * 9 * half * half + half * half);
    }

    /** (N, H, W, C) channel shuffle with 2 groups: channel g * C/2 + i goes to i * 2 + g. */
    public static NDArray channelShuffle(NDArray x) {
        Shape s = x.getShape();
        long c = s.get(3);
        return x.reshape(s.get(0), s.get(1), s.get(2), 2, c / 2).transpose(0, 1, 2, 4, 3).reshape(s);
    }

    /** MedMamba's SS_Conv_SSM block. */
    static final class SsConvSsm extends AbstractBlock {

        final int half;
        private final LayerNorm norm;
        final SS2D ss2d;
        private final BatchNorm bn0, bn1, bn2;
        private final Parameter conv1Weight, conv1Bias, conv2Weight, conv2Bias, conv3Weight, conv3Bias;

        SsConvSsm(int width, int dState, long seed) {
            super((byte) 1);
            half = width / 2;
            norm = addChildBlock("ln_1", LayerNorm.builder().axis(3).optEpsilon(1e-6f).build());
            ss2d = addChildBlock("self_attention", new SS2D(half, dState, seed));
            bn0 = addChildBlock("bn0", BatchNorm.builder().build());
            bn1 = addChildBlock("bn1", BatchNorm.builder().build());
            bn2 = addChildBlock("bn2", BatchNorm.builder().build());
            conv1Weight = conv("conv1_weight", new Shape(half, half, 3, 3), 9L * half, Init.derive(seed, 301));
            conv1Bias = conv("conv1_bias", new Shape(half), 9L * half, Init.derive(seed, 302));
            conv2Weight = conv("conv2_weight", new Shape(half, half, 3, 3), 9L * half, Init.derive(seed, 303));
            conv2Bias = conv("conv2_bias", new Shape(half), 9L * half, Init.derive(seed, 304));
            conv3Weight = conv("conv3_weight", new Shape(half, half, 1, 1), half, Init.derive(seed, 305));
            conv3Bias = conv("conv3_bias", new Shape(half), half, Init.derive(seed, 306));
        }

        private Parameter conv(String name, Shape shape, long fanIn, long seed) {
            return addParameter(Parameter.builder().setName(name)
                    .setType(shape.dimension() == 1 ? Parameter.Type.BIAS : Parameter.Type.WEIGHT).optShape(shape)
                    .optInitializer(Init.torchDefault(seed, fanIn)).build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                         PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow(); // (N, H, W, C)
            NDList halves = x.split(2, 3);
            NDArray left = halves.get(0).transpose(0, 3, 1, 2); // (N, C/2, H, W)
            left = bn0.forward(store, new NDList(left), training).head();
            left = conv(store, left, conv1Weight, conv1Bias, 1, training);
            left = Activation.relu(bn1.forward(store, new NDList(left), training).head());
            left = conv(store, left, conv2Weight, conv2Bias, 1, training);
            left = Activation.relu(bn2.forward(store, new NDList(left), training).head());
            left = Activation.relu(conv(store, left, conv3Weight, conv3Bias, 0, training));
            NDArray right = ss2d.forward(store, norm.forward(store, new NDList(halves.get(1)), training), training)
                    .head();
            NDArray out = left.transpose(0, 2, 3, 1).concat(right, 3);
            return new NDList(channelShuffle(out).add(x));
        }

        private static NDArray conv(ParameterStore store, NDArray x, Parameter w, Parameter b, int pad,
                                    boolean training) {
            return Conv2d.conv2d(x, MambaBlock.value(store, w, x, training), MambaBlock.value(store, b, x, training),
                    new Shape(1, 1), new Shape(pad, pad)).head();
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {inputShapes[0]};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            Shape s = inputShapes[0];
            Shape halfLast = new Shape(s.get(0), s.get(1), s.get(2), half);
            Shape halfFirst = new Shape(s.get(0), half, s.get(1), s.get(2));
            norm.initialize(manager, dataType, halfLast);
            ss2d.initialize(manager, dataType, halfLast);
            bn0.initialize(manager, dataType, halfFirst);
            bn1.initialize(manager, dataType, halfFirst);
            bn2.initialize(manager, dataType, halfFirst);
        }
    }
}
