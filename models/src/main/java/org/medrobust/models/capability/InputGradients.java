package org.medrobust.models.capability;

import org.medrobust.datasets.ImageBatch;
import org.medrobust.models.Logits;

/** The model can give the gradient of its loss with respect to the input: white-box attacks need this. */
public interface InputGradients extends Capability {

    /**
     * Logits and the gradient of the summed cross-entropy loss over the batch with respect to every input value.
     *
     * @param labels the true class of each image
     */
    LossGradient lossGradient(ImageBatch batch, int[] labels);

    /** @param inputGradient same layout as the batch data, (N, C, H, W) */
    record LossGradient(Logits logits, float[] inputGradient) {
    }
}
