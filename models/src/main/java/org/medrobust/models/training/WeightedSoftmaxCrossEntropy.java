package org.medrobust.models.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Class-weighted softmax cross-entropy on integer labels, normalised as PyTorch's {@code CrossEntropyLoss(weight=w)}:
 * sum_i w[y_i] (-log softmax(z_i)[y_i]) / sum_i w[y_i]. With equal weights it is the mean cross-entropy.
 */
public final class WeightedSoftmaxCrossEntropy extends Loss {

    private final float[] weights;

    /** @param weights one per class, non-negative, not all zero */
    public WeightedSoftmaxCrossEntropy(float[] weights) {
        super("WeightedSoftmaxCrossEntropy");
        for (float w : weights) {
            if (!(w >= 0) || Float.isInfinite(w)) {
                throw new IllegalArgumentException("class weights must be finite and non-negative, got " + w);
            }
        }
        this.weights = weights.clone();
    }

    public float[] weights() {
        return weights.clone();
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.singletonOrThrow();
        int classes = weights.length;
        if (logits.getShape().get(1) != classes) {
            throw new IllegalArgumentException(logits.getShape() + " logits for " + classes + " class weights");
        }
        NDArray oneHot = labels.singletonOrThrow().oneHot(classes);
        NDArray classWeights = logits.getManager().create(weights).reshape(1, classes);
        NDArray sampleWeights = oneHot.mul(classWeights).sum(new int[] {1});
        NDArray nll = logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg();
        return nll.mul(sampleWeights).sum().div(sampleWeights.sum());
    }
}
