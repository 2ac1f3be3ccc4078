package org.medrobust.models.djl;

import ai.djl.ndarray.NDArray;

/** Summed softmax cross-entropy, the loss whose input gradient white-box attacks follow. */
final class CrossEntropy {

    private CrossEntropy() {
    }

    /** -sum_i log softmax(logits_i)[label_i], with the labels given one-hot as an (N, K) array. */
    static NDArray sum(NDArray logits, NDArray oneHot) {
        return logits.logSoftmax(1).mul(oneHot).sum().neg();
    }

    /** Labels as a row-major (N, K) one-hot matrix; a label outside [0, K) is a caller bug. */
    static float[] oneHot(int[] labels, int rows, int classes) {
        if (labels.length != rows) {
            throw new IllegalArgumentException(labels.length + " labels for a batch of " + rows);
        }
        float[] oneHot = new float[rows * classes];
        for (int i = 0; i < rows; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " of image " + i + " is not a class in [0, " + classes + ")");
            }
            oneHot[i * classes + labels[i]] = 1f;
        }
        return oneHot;
    }
}
