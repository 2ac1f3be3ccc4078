package org.medrobust.reports.stats;

/**
 * Brier score (Brier 1950, "Verification of forecasts expressed in terms of probability"), the mean squared distance
 * between the predicted class probabilities and the one-hot label: {@code (1/n) sum_i sum_k (p_ik - [y_i = k])^2}.
 * 0 is perfect, 2 the worst; unlike accuracy it rewards honest confidence, unlike ECE it cannot be zero by a model
 * that always predicts the base rate. This is Brier's original multi-class form: for two classes it is twice
 * scikit-learn's {@code brier_score_loss} (which scores the positive class only).
 */
public final class BrierScore {

    private BrierScore() {
    }

    /** NaN for no samples. */
    public static double of(int[] labels, double[][] probabilities) {
        if (labels.length != probabilities.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + probabilities.length + " probability rows");
        }
        if (labels.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            double[] row = probabilities[i];
            if (labels[i] < 0 || labels[i] >= row.length) {
                throw new IllegalArgumentException("label " + labels[i] + " is not a class in [0, " + row.length + ")");
            }
            for (int k = 0; k < row.length; k++) {
                double target = k == labels[i] ? 1 : 0;
                sum += (row[k] - target) * (row[k] - target);
            }
        }
        return sum / labels.length;
    }
}
