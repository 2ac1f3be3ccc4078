package org.medrobust.models.mamba;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Swin / VMamba patch merging, (N, H, W, C) -> (N, ceil(H/2), ceil(W/2), 2C): an odd side is zero-padded at the
 * bottom/right; each 2x2 neighbourhood is concatenated in Swin's order (x[0::2, 0::2], x[1::2, 0::2], x[0::2, 1::2],
 * x[1::2, 1::2]), LayerNorm(4C), Linear 4C -> 2C without bias.
 */
final class PatchMerging extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int channels;
    private final LayerNorm norm;
    private final Parameter reduction;

    PatchMerging(int channels, long seed) {
        super(VERSION);
        this.channels = channels;
        this.norm = addChildBlock("norm", LayerNorm.builder().axis(3).build());
        this.reduction = addParameter(Parameter.builder().setName("reduction_weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(2L * channels, 4L * channels))
                .optInitializer(Init.torchDefault(seed, 4L * channels)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = pad(inputs.singletonOrThrow());
        Shape s = x.getShape();
        long n = s.get(0), h2 = s.get(1) / 2, w2 = s.get(2) / 2;
        // (N, H/2, hi, W/2, wi, C) -> (N, H/2, W/2, wi, hi, C): wi-major gives Swin's x0, x1, x2, x3 order
        NDArray merged = x.reshape(n, h2, 2, w2, 2, channels).transpose(0, 1, 3, 4, 2, 5)
                .reshape(n, h2, w2, 4L * channels);
        NDArray normed = norm.forward(store, new NDList(merged), training).head();
        return new NDList(Linear.linear(normed, MambaBlock.value(store, reduction, normed, training)).head());
    }

    static NDArray pad(NDArray x) {
        Shape s = x.getShape();
        long n = s.get(0), h = s.get(1), w = s.get(2), c = s.get(3);
        if (h % 2 == 1) {
            x = x.concat(x.getManager().zeros(new Shape(n, 1, w, c), x.getDataType()), 1);
            h++;
        }
        if (w % 2 == 1) {
            x = x.concat(x.getManager().zeros(new Shape(n, h, 1, c), x.getDataType()), 2);
        }
        return x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), (s.get(1) + 1) / 2, (s.get(2) + 1) / 2, 2L * channels)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        norm.initialize(manager, dataType, new Shape(s.get(0), (s.get(1) + 1) / 2, (s.get(2) + 1) / 2, 4L * channels));
    }

    long multiplyAdds(long h, long w) {
        return ((h + 1) / 2) * ((w + 1) / 2) * 8L * channels * channels;
    }
}
