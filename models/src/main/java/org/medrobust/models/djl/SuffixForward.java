package org.medrobust.models.djl;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
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
    private final Logits clean;
    private int earlyExits;

    SuffixForward(Block network, NDManager parent, ImageBatch batch, ModelIdentity identity) {
        stages.addAll(Stages.of(network).values());
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
        this.clean = DjlRuntime.withoutGradients(() -> {
            NDList current = new NDList(NdBatches.toArray(cache, batch));
            for (Block stage : stages) {
                inputs.add(current);
                current = stage.forward(new ParameterStore(cache, false), current, false);
            }
            return NdBatches.toLogits(current.head(), rows, identity);
        });
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

    /**
     * The batch's logits with the weights as they are now, given that only {@code tensor} changed. After each
     * re-run stage the output is compared with the cached fault-free one: once they are equal element for element
     * (a change rounded away, cut by a ReLU or a max pool), every later stage sees its fault-free input again, so the
     * rest is skipped and the fault-free logits are returned. The compare reads one activation tensor, a small
     * fraction of a stage's convolution.
     */
    public Logits predictAfterChange(String tensor) {
        int from = firstStageOf(tensor);
        return DjlRuntime.withoutGradients(() -> suffixFrom(from));
    }

    private Logits suffixFrom(int from) {
        try (NDManager scope = cache.newSubManager()) {
            // an op's result joins its input's manager: attached to the scope for this pass, the cached input makes
            // every intermediate of the pass the scope's, freed on close (else they would pile up in the cache)
            NDList current = inputs.get(from);
            current.tempAttach(scope);
            for (int s = from; s < stages.size(); s++) {
                current = stages.get(s).forward(new ParameterStore(scope, false), current, false);
                if (s + 1 < stages.size() && equalsCached(current, inputs.get(s + 1))) {
                    earlyExits++;
                    return clean;
                }
            }
            return NdBatches.toLogits(current.head(), rows, identity);
        }
    }

    private static boolean equalsCached(NDList now, NDList cached) {
        if (now.size() != cached.size()) {
            return false;
        }
        for (int i = 0; i < now.size(); i++) {
            if (!now.get(i).contentEquals(cached.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Arrays the cache holds: the stage inputs and whatever else the cache fill made. A pass must not add to it (its
     * intermediates are freed when it returns), so this stays the same over any number of passes.
     */
    public int retainedArrays() {
        return cache instanceof ai.djl.ndarray.BaseNDManager base ? base.getManagedArrays().size() : -1;
    }

    /** The fault-free logits of the batch (computed once, when the cache was filled). */
    public Logits clean() {
        return clean;
    }

    /** How many {@link #predictAfterChange} calls stopped early because a stage's output was fault-free again. */
    public int earlyExits() {
        return earlyExits;
    }

    @Override
    public void close() {
        cache.close();
    }
}
