package org.medrobust.models.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.TruncatedNormalInitializer;
import ai.djl.util.PairList;
import org.medrobust.models.training.MultiplyAddCounted;

/**
 * ViT's patch embedding (Dosovitskiy et al. 2021): non-overlapping p x p patches linearly projected to width E (a
 * p x p convolution of stride p), plus a learned position embedding per patch. (N, C, H, W) -> (N, T, E), T =
 * (H / p)(W / p); pixels beyond the last whole patch are dropped.
 */
final class PatchEmbedding extends AbstractBlock implements MultiplyAddCounted {

    private static final byte VERSION = 1;

    private final int patch;
    private final int width;
    private final int tokens;
    private final Conv2d projection;
    private final Parameter position;

    PatchEmbedding(int patch, int width, int tokens) {
        super(VERSION);
        this.patch = patch;
        this.width = width;
        this.tokens = tokens;
        this.projection = addChildBlock("projection", Conv2d.builder().setKernelShape(new Shape(patch, patch))
                .optStride(new Shape(patch, patch)).setFilters(width).build());
        // Type OTHER keeps the trainer's Xavier default off it: ViT draws position embeddings from N(0, 0.02^2).
        this.position = addParameter(Parameter.builder().setName("position").setType(Parameter.Type.OTHER)
                .optShape(new Shape(1, tokens, width)).optInitializer(new TruncatedNormalInitializer(0.02f)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray maps = projection.forward(store, inputs, training, params).head(); // (N, E, H/p, W/p)
        long n = maps.getShape().get(0);
        NDArray sequence = maps.reshape(n, width, tokens).transpose(0, 2, 1); // (N, T, E)
        return new NDList(sequence.add(store.getValue(position, sequence.getDevice(), training)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), tokens, width)};
    }

    @Override
    public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        projection.initialize(manager, dataType, inputShapes);
    }

    @Override
    public long multiplyAdds(Shape[] inputShapes) {
        return (long) tokens * width * inputShapes[0].get(1) * patch * patch;
    }
}
