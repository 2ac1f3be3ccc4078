package org.medrobust.models.capability;

import java.util.Map;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.models.Logits;

/**
 * The model can give the gradient of its loss with respect to its weights: gradient-ranked bit-flip attacks need this
 * (the Bit-Flip Attack ranks weight bits by it). The tensors are those {@link WritableWeights} lists, by name.
 */
public interface WeightGradients extends Capability {

    /**
     * Logits and the gradient of the summed cross-entropy over the batch with respect to every weight tensor, at the
     * weights as they are now (inference semantics: no dropout, running batch-norm statistics).
     *
     * @param labels the true class of each image
     */
    WeightGradient weightGradient(ImageBatch batch, int[] labels);

    /** @param gradients per tensor name, row-major like {@link WritableWeights#read} */
    record WeightGradient(Logits logits, Map<String, float[]> gradients) {
    }
}
