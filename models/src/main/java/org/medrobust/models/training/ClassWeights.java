package org.medrobust.models.training;

import org.medrobust.datasets.Dataset;

/** Per-class loss weights against class imbalance. */
public final class ClassWeights {

    private ClassWeights() {
    }

    /**
     * "Balanced" weights, w_k = N / (K n_k) (as scikit-learn's class_weight="balanced"), K the number of classes
     * that have samples: each class then contributes equally to the loss, whatever its share of the N samples. A class
     * without samples gets weight 0.
     */
    public static float[] balanced(int[] counts) {
        long total = 0;
        int present = 0;
        for (int count : counts) {
            total += count;
            present += count > 0 ? 1 : 0;
        }
        float[] weights = new float[counts.length];
        for (int k = 0; k < counts.length; k++) {
            weights[k] = counts[k] == 0 ? 0f : (float) ((double) total / ((double) present * counts[k]));
        }
        return weights;
    }

    /** Samples per class of a data set, indexed by label. */
    public static int[] counts(Dataset data) {
        int[] counts = new int[data.classNames().size()];
        for (int i = 0; i < data.size(); i++) {
            counts[data.label(i)]++;
        }
        return counts;
    }
}
