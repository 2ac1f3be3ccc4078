package org.medrobust.models.mamba;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.medrobust.models.djl.Scalars;

/** RMSNorm over the last axis, as mamba_ssm's (Vim's norm): x / sqrt(mean(x^2) + eps) * weight, eps = 1e-5. */
public final class RmsNorm extends AbstractBlock {

    private static final byte VERSION = 1;
    static final float EPS = 1e-5f;

    private final Parameter weight;

    public RmsNorm(int width) {
        super(VERSION);
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.GAMMA)
                .optShape(new Shape(width)).optInitializer(Init.of(i -> 1f)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        int last = x.getShape().dimension() - 1;
        NDArray scale = x.square().mean(new int[] {last}, true).add(EPS).pow(Scalars.of(x, -0.5f));
        return new NDList(x.mul(scale).mul(MambaBlock.value(store, weight, x, training)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    }
}
