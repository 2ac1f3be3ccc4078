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
import org.medrobust.models.djl.Scalars;
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
    private final int heads;
    private final LayerNorm attentionNorm;
    private final ScaledDotProductAttentionBlock attention;
    private final LayerNorm mlpNorm;
    private final PointwiseFeedForwardBlock feedForward;
    private final List<Part> parts;

    PreNormEncoderBlock(int width, int heads, int mlp) {
        super(VERSION);
        this.width = width;
        this.mlp = mlp;
        this.heads = heads;
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
     * x + MHSA(LN(x)) in five parts, then h = GELU(fc1(LN(x))) handed on beside x, then x + fc2(h). The attention
     * parts run DJL's {@link ScaledDotProductAttentionBlock#forward} op by op (same ops, same order, same operands:
     * key, query and value projections of LN(x), heads = reshape (N, T, heads, E / heads) and swap axes 1 and 2,
     * softmax(Q K^T / sqrt(E / heads)) over the keys, times V, heads merged, output projection; its dropout has rate 0
     * and is the identity in inference, so it is left out), cut so that a fault in one projection re-runs only what
     * depends on it: a key fault from the key on; a query fault the query, scores and softmax, then the value side; a
     * value fault the value, P V and the merge; an output-projection fault only that projection and the residual add
     * ({@link org.medrobust.models.djl.SuffixForward}). The MLP block is DJL's sequential fc1, GELU, fc2, run child by
     * child (a sequential block's forward is exactly that), so a fault in fc2 re-runs only fc2 and the residual add.
     * The scale is a scalar array of the pass's manager ({@link Scalars}), as DJL's block makes it: autograd keeps it
     * for the backward (a {@code muli(number)} here once let the backward read a freed buffer).
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
        ai.djl.nn.Block key = attentionChild("keyProjection");
        ai.djl.nn.Block query = attentionChild("queryProjection");
        ai.djl.nn.Block value = attentionChild("valueProjection");
        ai.djl.nn.Block result = attentionChild("resultProjection");
        return List.of(
                Part.of("attention_norm", List.of(attentionNorm), (store, in, training) -> {
                    NDArray x = in.singletonOrThrow();
                    return new NDList(x, attentionNorm.forward(store, new NDList(x), training).head());
                }),
                Part.of("attention_key", List.of(key), (store, in, training) ->
                        new NDList(in.get(0), in.get(1), heads(key.forward(store, new NDList(in.get(1)), training)))),
                Part.of("attention_query", List.of(query), (store, in, training) -> {
                    NDArray queries = heads(query.forward(store, new NDList(in.get(1)), training));
                    NDArray scores = queries.matMul(in.get(2).transpose(0, 1, 3, 2))
                            .mul(Scalars.of(queries, 1f / (float) Math.sqrt(width / heads)));
                    return new NDList(in.get(0), in.get(1), scores.softmax(3));
                }),
                Part.of("attention_value", List.of(value), (store, in, training) -> {
                    NDArray x = in.get(0);
                    NDArray values = heads(value.forward(store, new NDList(in.get(1)), training));
                    NDArray merged = in.get(2).matMul(values).transpose(0, 2, 1, 3)
                            .reshape(x.getShape().get(0), x.getShape().get(1), width);
                    return new NDList(x, merged);
                }),
                Part.of("attention_out", List.of(result), (store, in, training) -> {
                    NDArray attended = result.forward(store, new NDList(in.get(1)), training).head();
                    return new NDList(in.get(0).add(Taps.tap(this, "attention", attended)));
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

    /** (N, T, E) projections to (N, heads, T, E / heads), as DJL's attention block splits them. */
    private NDArray heads(NDList projected) {
        NDArray p = projected.head();
        return p.reshape(p.getShape().get(0), p.getShape().get(1), heads, width / heads).transpose(0, 2, 1, 3);
    }

    private ai.djl.nn.Block attentionChild(String suffix) {
        return attention.getChildren().stream().filter(c -> c.getKey().endsWith(suffix)).findFirst()
                .orElseThrow(() -> new IllegalStateException("DJL's attention block has no " + suffix)).getValue();
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
