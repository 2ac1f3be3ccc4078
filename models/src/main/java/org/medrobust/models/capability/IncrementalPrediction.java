package org.medrobust.models.capability;

import org.medrobust.datasets.ImageBatch;
import org.medrobust.models.Logits;

/**
 * Predictions of the same batch under weights that change a little between calls (fault trials): the model keeps the
 * batch's activations under the weights of one moment and re-runs only what a changed weight reaches. The logits are
 * those of {@code predict(batch)} with the weights as they are, bit for bit: which weights changed is found by
 * comparing every weight with the cached moment's, bit for bit, on every call.
 */
public interface IncrementalPrediction extends Capability {

    /**
     * Offers {@code batch}'s activations under the current weights for caching (call it with the fault-free weights,
     * before injecting). The model decides whether to keep them (e.g. a batch seen before, within a memory budget).
     */
    void cacheActivations(ImageBatch batch);

    /** The logits {@code predict(batch)} gives now, from cached activations where the model holds them. */
    Logits predictIncrementally(ImageBatch batch);
}
