package org.medrobust.models.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.transformer.PointwiseFeedForwardBlock;
import ai.djl.nn.transformer.ScaledDotProductAttentionBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import org.medrobust.models.djl.StagedBlock;
import org.medrobust.models.djl.TapPoints;
import org.medrobust.models.djl.Taps;
import org.medrobust.models.training.MultiplyAddCounted;

/**
 * A pre-norm transformer encoder layer as in ViT: x + MHSA(LN(x)), then x + MLP(LN(x)), the MLP being E -> M -> E
 * with GELU. Built from DJL's own {@link ScaledDotProductAttentionBlock} and {@link PointwiseFeedForwardBlock};
 * DJL's {@code TransformerEncoderBlock} is not used because it is post-norm with batch norm (BERT style), not ViT's
 * pre-norm with layer norm. No dropout: the runs are small and deterministic.
 */
final class PreNormEncoderBlock extends AbstractBlock implements MultiplyAddCounted, TapPoints, StagedBlock {

    private static final byte VERSION = 1;

    private final int width;
    private final int mlp;
    private final LayerNorm attentionNorm;
    private final ScaledDotProductAttentionBlock attention;
    private final LayerNorm mlpNorm;
    private final PointwiseFeedForwardBlock feedForward;
    private final List<Part> parts;

    PreNormEncoderBlock(int width, int heads, int mlp) {
        super(VERSION);
        this.width = width;
        this.mlp = mlp;
        this.attentionNorm = addChildBlock("attentionNorm", LayerNorm.builder().axis(2).build());
        this.attention = addChildBlock("attention", ScaledDotProductAttentionBlock.builder().setEmbeddingSize(width)
                .setHeadCount(heads).optAttentionProbsDropoutProb(0f).build());
        this.mlpNorm = addChildBlock("mlpNorm", LayerNorm.builder().axis(2).build());
        this.feedForward = addChildBlock("mlp", new PointwiseFeedForwardBlock(List.of(mlp), width, Activation::gelu));
        this.parts = parts();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        return StagedBlock.runParts(parts, store, inputs, training);
    }

    /**
     * x + MHSA(LN(x)); then h = GELU(fc1(LN(x))) handed on beside x; then x + fc2(h). The MLP block is DJL's
     * sequential fc1, GELU, fc2, run child by child here (a sequential block's forward is exactly that), so a fault
     * in fc2 re-runs only fc2 and the residual add ({@link org.medrobust.models.djl.SuffixForward}).
     */
    @Override
    public List<Part> parts() {
        if (parts != null) {
            return parts;
        }
        List<ai.djl.nn.Block> mlpLayers = feedForward.getChildren().values();
        ai.djl.nn.Block fc1 = mlpLayers.get(0);
        ai.djl.nn.Block gelu = mlpLayers.get(1);
        ai.djl.nn.Block fc2 = mlpLayers.get(2);
        return List.of(
                Part.of("attention", List.of(attentionNorm, attention), (store, in, training) -> {
                    NDArray x = in.singletonOrThrow();
                    NDArray attended = attention.forward(store, attentionNorm.forward(store, new NDList(x), training),
                            training).head();
                    return new NDList(x.add(Taps.tap(this, "attention", attended)));
                }),
                Part.of("mlp_hidden", List.of(mlpNorm, fc1), (store, in, training) -> {
                    NDArray x = in.singletonOrThrow();
                    NDList hidden = gelu.forward(store, fc1.forward(store, mlpNorm.forward(store, new NDList(x),
                            training), training), training);
                    return new NDList(x, hidden.singletonOrThrow());
                }),
                Part.of("mlp_out", List.of(fc2), (store, in, training) -> {
                    NDArray transformed = fc2.forward(store, new NDList(in.get(1)), training).head();
                    return new NDList(in.get(0).add(Taps.tap(this, "mlp", transformed)));
                }));
    }

    /** attention: MHSA(LN(x)) before the residual add; mlp: MLP(LN(x)) before the residual add; both (N, T, E). */
    @Override
    public List<String> tapPoints() {
        return List.of("attention", "mlp");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        attentionNorm.initialize(manager, dataType, inputShapes);
        attention.initialize(manager, dataType, inputShapes);
        mlpNorm.initialize(manager, dataType, inputShapes);
        feedForward.initialize(manager, dataType, inputShapes);
    }

    /** 4 T E^2 (projections) + 2 T^2 E (scores, weighted sum) + 2 T E M (MLP). */
    @Override
    public long multiplyAdds(Shape[] inputShapes) {
        long tokens = inputShapes[0].get(1);
        return 4 * tokens * width * width + 2 * tokens * tokens * width + 2 * tokens * width * mlp;
    }
}
