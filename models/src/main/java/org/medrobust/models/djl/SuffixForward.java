package org.medrobust.models.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.models.Logits;
import org.medrobust.models.host.ModelIdentity;

/**
 * A forward pass over one fixed batch that re-runs only the steps after a changed weight. The network is cut into
 * steps ({@link SuffixSteps}: the stages of its nested sequential blocks, and inside a {@link StagedBlock} its parts),
 * the fault-free input of every step is cached once, and {@link #predictAfterChange} starts at the first step that
 * reads a changed tensor. The steps in order are the network's forward pass (sequential blocks and staged blocks run
 * exactly their children or parts), so the logits are those of a full forward pass, bit for bit (tested). A network
 * that is neither is one step: no saving, still correct.
 *
 * <p>Each step runs in a scope of its own that keeps only the step's output: a pass holds one step's intermediates at
 * a time (a few MB for a 256-image ViT block instead of the ~80 MB per block that one scope over the whole pass
 * piles up), so the allocator hands back memory that is still in cache and the pass stops faulting fresh pages in.
 *
 * <p>The cache is valid only while every weight other than the ones named as changed holds its value from when the
 * cache was filled: the caller guarantees that (a fault injection restores the weights bit for bit).
 */
public final class SuffixForward implements AutoCloseable {

    private final SuffixSteps steps;
    private final List<NDList> inputs = new ArrayList<>();
    private final NDManager cache;
    private final int rows;
    private final ModelIdentity identity;
    private final Logits clean;
    private int earlyExits;

    SuffixForward(ai.djl.nn.Block network, NDManager parent, ImageBatch batch, ModelIdentity identity) {
        this.steps = SuffixSteps.of(network);
        this.cache = parent.newSubManager();
        this.rows = batch.size();
        this.identity = identity;
        this.clean = DjlRuntime.withoutGradients(() -> {
            NDList current = new NDList(NdBatches.toArray(cache, batch));
            for (int s = 0; s < steps.size(); s++) {
                inputs.add(current);
                current = steps.runStep(s, current, cache);
            }
            return NdBatches.toLogits(current.head(), rows, identity);
        });
    }

    /** Number of steps the network was cut into. */
    public int stages() {
        return steps.size();
    }

    /** The step (0-based) a change to {@code tensor} takes effect from. */
    public int firstStageOf(String tensor) {
        return steps.firstStepOf(tensor);
    }

    /** As {@link #predictAfterChange(Collection)} for one changed tensor. */
    public Logits predictAfterChange(String tensor) {
        return predictAfterChange(List.of(tensor));
    }

    /**
     * The batch's logits with the weights as they are now, given that only {@code tensors} changed since the cache
     * was filled: the pass starts at the earliest step reading one of them. After the first re-run step, and after
     * each step that ends one of the network's stages, the new output is compared with the cached fault-free one:
     * once equal element for element (a change rounded away, cut by a ReLU or a max pool), every later step sees its
     * fault-free input again, so the rest is skipped and the fault-free logits are returned.
     */
    public Logits predictAfterChange(Collection<String> tensors) {
        int from = steps.size();
        for (String tensor : tensors) {
            from = Math.min(from, firstStageOf(tensor));
        }
        if (from == steps.size()) {
            return clean; // nothing changed
        }
        int start = from;
        return DjlRuntime.withoutGradients(() -> suffixFrom(start));
    }

    /** The pass from step {@code from} on (package-private: the tests restart it at a wrong step on purpose). */
    Logits suffixFrom(int from) {
        try (NDManager scope = cache.newSubManager()) {
            NDList current = inputs.get(from);
            for (int s = from; s < steps.size(); s++) {
                NDList previous = current;
                current = steps.runStep(s, current, scope);
                SuffixSteps.freeUnused(previous, current, scope);
                boolean compare = s == from || steps.endsStage(s);
                if (s + 1 < steps.size() && compare && equalsCached(current, inputs.get(s + 1))) {
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
            if (now.get(i) != cached.get(i) && !now.get(i).contentEquals(cached.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Arrays the cache holds: the step inputs and whatever else the cache fill made. A pass must not add to it (its
     * intermediates are freed when it returns), so this stays the same over any number of passes.
     */
    public int retainedArrays() {
        return cache instanceof ai.djl.ndarray.BaseNDManager base ? base.getManagedArrays().size() : -1;
    }

    /** Bytes of the cached step inputs (arrays handed on by several steps counted once). */
    public long cachedBytes() {
        java.util.Set<NDArray> distinct = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        inputs.forEach(distinct::addAll);
        long total = 0;
        for (NDArray array : distinct) {
            total += array.size() * array.getDataType().getNumOfBytes();
        }
        return total;
    }

    /** The fault-free logits of the batch (computed once, when the cache was filled). */
    public Logits clean() {
        return clean;
    }

    /** How many {@link #predictAfterChange} calls stopped early because a step's output was fault-free again. */
    public int earlyExits() {
        return earlyExits;
    }

    @Override
    public void close() {
        cache.close();
    }
}
