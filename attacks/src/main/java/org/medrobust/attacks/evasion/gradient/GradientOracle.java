package org.medrobust.attacks.evasion.gradient;

import org.medrobust.attacks.evasion.SuspectEvaluationException;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.ImageShape;
import org.medrobust.models.Classifier;
import org.medrobust.models.Logits;
import org.medrobust.models.capability.InputGradients;

/**
 * Input gradients of a model for the images of a batch that are still being attacked (the others are left out,
 * so a batch gets cheaper as its images break), with AutoAttack's gradient checks: a NaN gradient, or a gradient
 * that is zero for every image of a call, fails the evaluation; a single image's zero gradient is only counted (a
 * saturated softmax gives exactly zero in float32), for the results.
 */
public final class GradientOracle {

    private final InputGradients gradients;
    private final ImageShape shape;
    private final String modelId;

    private GradientOracle(InputGradients gradients, ImageShape shape, String modelId) {
        this.gradients = gradients;
        this.shape = shape;
        this.modelId = modelId;
    }

    /** @throws IllegalStateException when the model gives no input gradients (the planner skips such scenarios) */
    public static GradientOracle of(Classifier model) {
        InputGradients g = model.capability(InputGradients.class).orElseThrow(() -> new IllegalStateException(
                "model " + model.id() + " gives no input gradients"));
        return new GradientOracle(g, model.inputShape(), model.id());
    }

    /**
     * Logits and gradient of the cross-entropy loss at the images {@code active} of {@code x}.
     *
     * @param x      the whole batch, flat (N, C, H, W)
     * @param active indices of the images to evaluate, ascending
     * @param labels class of every image of the batch (indexed like {@code x})
     */
    public Step crossEntropy(float[] x, int[] active, int[] labels) {
        int stride = shape.pixels();
        float[] data = new float[active.length * stride];
        int[] sub = new int[active.length];
        for (int j = 0; j < active.length; j++) {
            System.arraycopy(x, active[j] * stride, data, j * stride, stride);
            sub[j] = labels[active[j]];
        }
        InputGradients.LossGradient result = gradients.lossGradient(new ImageBatch(shape, active.length, data), sub);
        return check(result.logits(), result.inputGradient(), active);
    }

    private Step check(Logits logits, float[] gradient, int[] active) {
        int stride = shape.pixels();
        boolean[] zero = new boolean[active.length];
        int zeros = 0;
        for (int j = 0; j < active.length; j++) {
            boolean allZero = true;
            for (int p = j * stride; p < (j + 1) * stride; p++) {
                if (Float.isNaN(gradient[p]) || Float.isInfinite(gradient[p])) {
                    throw new SuspectEvaluationException("model " + modelId + " gave a non-finite input gradient for "
                            + "image " + active[j] + " of the batch");
                }
                allZero &= gradient[p] == 0f;
            }
            zero[j] = allZero;
            zeros += allZero ? 1 : 0;
        }
        if (zeros == active.length && active.length > 1) {
            throw new SuspectEvaluationException("model " + modelId + " gave an all-zero input gradient for every one "
                    + "of " + active.length + " images: gradient masking or a broken gradient path");
        }
        return new Step(logits, gradient, zero);
    }

    /**
     * One gradient evaluation over the active images, rows in the order of {@code active}.
     *
     * @param zero per active image, whether its gradient is exactly zero
     */
    public record Step(Logits logits, float[] gradient, boolean[] zero) {
    }
}
