package org.medrobust.models.djl;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.models.Logits;
import org.medrobust.models.host.ModelIdentity;

/**
 * A forward pass over one fixed batch that re-runs only the stages after a changed weight: the network's nested
 * {@link SequentialBlock}s are flattened into stages (the blocks a sequential block runs one after the other), the
 * fault-free input of every stage is cached once, and {@link #predictAfterChange} starts at the first stage that owns
 * the changed tensor. A sequential block's forward is exactly its children's forwards in order, so the logits are
 * those of a full forward pass (bit for bit on one libtorch thread; tested). A network that is not sequential at the
 * top is one stage: no saving, still correct. The cache holds one activation tensor per stage for the batch.
 */
public final class SuffixForward implements AutoCloseable {

    private final List<Block> stages = new ArrayList<>();
    private final Map<String, Integer> firstStageOf = new HashMap<>();
    private final List<NDList> inputs = new ArrayList<>();
    private final NDManager cache;
    private final int rows;
    private final ModelIdentity identity;

    SuffixForward(Block network, NDManager parent, ImageBatch batch, ModelIdentity identity) {
        flatten(network, stages);
        Map<String, Integer> stageOfParameterId = new HashMap<>();
        for (int s = 0; s < stages.size(); s++) {
            for (Pair<String, Parameter> p : stages.get(s).getParameters()) {
                stageOfParameterId.putIfAbsent(p.getValue().getId(), s);
            }
        }
        for (Pair<String, Parameter> p : network.getParameters()) {
            firstStageOf.put(p.getKey(), stageOfParameterId.getOrDefault(p.getValue().getId(), 0));
        }
        this.cache = parent.newSubManager();
        this.rows = batch.size();
        this.identity = identity;
        NDList current = new NDList(NdBatches.toArray(cache, batch));
        for (Block stage : stages) {
            inputs.add(current);
            current = stage.forward(new ParameterStore(cache, false), current, false);
        }
    }

    private static void flatten(Block block, List<Block> into) {
        if (block instanceof SequentialBlock sequential) {
            sequential.getChildren().values().forEach(child -> flatten(child, into));
        } else {
            into.add(block);
        }
    }

    /** Number of stages the network was cut into. */
    public int stages() {
        return stages.size();
    }

    /** The stage (0-based) a change to {@code tensor} takes effect from. */
    public int firstStageOf(String tensor) {
        Integer stage = firstStageOf.get(tensor);
        if (stage == null) {
            throw new IllegalArgumentException("no weight tensor '" + tensor + "'");
        }
        return stage;
    }

    /** The batch's logits with the weights as they are now, given that only {@code tensor} changed. */
    public Logits predictAfterChange(String tensor) {
        int from = firstStageOf(tensor);
        try (NDManager scope = cache.newSubManager()) {
            NDList current = inputs.get(from);
            for (int s = from; s < stages.size(); s++) {
                current = stages.get(s).forward(new ParameterStore(scope, false), current, false);
            }
            return NdBatches.toLogits(current.head(), rows, identity);
        }
    }

    @Override
    public void close() {
        cache.close();
    }
}
