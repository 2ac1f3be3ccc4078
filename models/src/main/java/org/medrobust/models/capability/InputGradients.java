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

    /**
     * Logits and the gradient with respect to every input value of {@code sum_i <seed_i, logits_i>}, where the seed
     * (dL/dlogits, (N, K) row-major) is computed from the logits of this very forward pass: the input gradient of
     * any loss of the logits (DLR, C&W margin, one class's logit for DeepFool) in one forward and one backward.
     */
    LossGradient logitGradient(ImageBatch batch, LogitSeed seed);

    /** dL/dlogits from the logits, for {@link #logitGradient}. */
    @FunctionalInterface
    interface LogitSeed {
        float[] of(Logits logits);
    }

    /** @param inputGradient same layout as the batch data, (N, C, H, W) */
    record LossGradient(Logits logits, float[] inputGradient) {
    }
}
