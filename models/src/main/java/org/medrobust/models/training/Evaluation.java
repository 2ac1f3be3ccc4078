package org.medrobust.models.training;

import org.medrobust.datasets.Dataset;
import org.medrobust.models.Classifier;
import org.medrobust.models.Logits;
import org.medrobust.reports.stats.ClassificationMetrics;

/** Runs a classifier over a whole split and measures it. */
public final class Evaluation {

    /** Images per forward pass; results do not depend on it beyond float rounding of the logits. */
    public static final int BATCH = 250;

    private Evaluation() {
    }

    /** Metrics of {@code model} on every image of {@code data}; predictions are the argmax of the logits. */
    public static SplitMetrics evaluate(Classifier model, Dataset data) {
        int n = data.size();
        int[] labels = data.labels(0, n);
        int[] predictions = new int[n];
        double[][] probabilities = new double[n][];
        double crossEntropy = 0;
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            Logits logits = model.predict(data.batch(from, to));
            for (int i = from; i < to; i++) {
                predictions[i] = logits.argmax(i - from);
                probabilities[i] = logits.probabilities(i - from);
                crossEntropy -= Math.log(Math.max(probabilities[i][labels[i]], Double.MIN_NORMAL));
            }
        }
        return SplitMetrics.of(ClassificationMetrics.summarize(labels, predictions, probabilities),
                n == 0 ? Double.NaN : crossEntropy / n);
    }
}
