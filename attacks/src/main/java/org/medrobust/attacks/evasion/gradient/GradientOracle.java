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
        return new GradientOracle(inputGradients(model), model.inputShape(), model.id());
    }

    /** The model's input gradients, for attacks that call them directly (DeepFool, C&W). */
    static InputGradients inputGradients(Classifier model) {
        return model.capability(InputGradients.class).orElseThrow(() -> new IllegalStateException(
                "model " + model.id() + " gives no input gradients"));
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

    /**
     * Values and input gradients of a loss of the logits at the images {@code active} of {@code x} (one forward and
     * one backward through {@code InputGradients.logitGradient}).
     *
     * @param targets target class per image of the batch for a targeted loss, else null
     */
    public Step loss(LogitLoss loss, float[] x, int[] active, int[] labels, int[] targets) {
        int stride = shape.pixels();
        float[] data = new float[active.length * stride];
        for (int j = 0; j < active.length; j++) {
            System.arraycopy(x, active[j] * stride, data, j * stride, stride);
        }
        double[] values = new double[active.length];
        InputGradients.LossGradient result = gradients.logitGradient(new ImageBatch(shape, active.length, data),
                logits -> {
                    int k = logits.classes();
                    float[] seed = new float[active.length * k];
                    float[] z = new float[k];
                    float[] dz = new float[k];
                    for (int j = 0; j < active.length; j++) {
                        System.arraycopy(logits.values(), j * k, z, 0, k);
                        int i = active[j];
                        values[j] = loss.apply(z, labels[i], targets == null ? -1 : targets[i], dz);
                        System.arraycopy(dz, 0, seed, j * k, k);
                    }
                    return seed;
                });
        Step step = check(result.logits(), result.inputGradient(), active);
        return new Step(step.logits(), step.gradient(), step.zero(), values);
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
        return new Step(logits, gradient, zero, null);
    }

    /**
     * One gradient evaluation over the active images, rows in the order of {@code active}.
     *
     * @param zero   per active image, whether its gradient is exactly zero
     * @param losses per active image, the loss value ({@link #loss} only; null from {@link #crossEntropy})
     */
    public record Step(Logits logits, float[] gradient, boolean[] zero, double[] losses) {
    }
}
