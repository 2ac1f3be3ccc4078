package org.medrobust.reports.stats;

import java.util.Arrays;

/**
 * Classification quality from labels, predicted classes and class probabilities: accuracy, balanced accuracy, ROC AUC
 * and expected calibration error. Pure functions of their arrays; they neither keep nor change them.
 *
 * <p>Predictions are passed in, not derived from the probabilities, so that the counts agree exactly with the model's
 * own argmax (on logits, first class on ties) that every other result uses.
 */
public final class ClassificationMetrics {

    /** Bins of the expected calibration error, as in Guo et al. 2017. */
    public static final int ECE_BINS = 15;

    private ClassificationMetrics() {
    }

    /**
     * All metrics of one evaluation.
     *
     * @param auc ROC AUC (binary) or macro one-vs-rest AUC (more classes); NaN where undefined (one class only)
     * @param ece expected calibration error with {@link #ECE_BINS} bins
     */
    public record Summary(int samples, int correct, double accuracy, double balancedAccuracy, double auc, double ece) {
    }

    /**
     * @param labels        true class of each sample, in [0, K)
     * @param predictions   predicted class of each sample
     * @param probabilities per sample, K class probabilities (rows of equal length K)
     */
    public static Summary summarize(int[] labels, int[] predictions, double[][] probabilities) {
        int classes = checkShapes(labels, predictions, probabilities);
        int correct = correct(labels, predictions);
        return new Summary(labels.length, correct, labels.length == 0 ? Double.NaN : (double) correct / labels.length,
                balancedAccuracy(labels, predictions, classes), rocAuc(labels, probabilities),
                expectedCalibrationError(labels, predictions, probabilities, ECE_BINS));
    }

    /** Samples whose prediction equals their label. */
    public static int correct(int[] labels, int[] predictions) {
        checkLengths(labels.length, predictions.length, "predictions");
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            correct += labels[i] == predictions[i] ? 1 : 0;
        }
        return correct;
    }

    /** Fraction correct; NaN for no samples. */
    public static double accuracy(int[] labels, int[] predictions) {
        return labels.length == 0 ? Double.NaN : (double) correct(labels, predictions) / labels.length;
    }

    /**
     * Mean per-class recall over the classes that occur in {@code labels} (a class without samples has no recall and
     * is left out, as scikit-learn does); NaN for no samples.
     */
    public static double balancedAccuracy(int[] labels, int[] predictions, int classes) {
        checkLengths(labels.length, predictions.length, "predictions");
        for (int label : labels) {
            checkLabel(label, classes);
        }
        return WeightedMetrics.balancedAccuracy(labels, predictions, classes).of(WeightedMetrics.ones(labels.length));
    }

    /**
     * ROC AUC. Two classes: the AUC of the class-1 probability. More: the unweighted mean of the one-vs-rest AUCs of
     * each class's probability, over the classes that have both positive and negative samples (NaN if none has).
     */
    public static double rocAuc(int[] labels, double[][] probabilities) {
        int classes = checkShapes(labels, labels, probabilities);
        if (classes == 2) {
            return binaryAuc(labels, column(probabilities, 1), 1);
        }
        double sum = 0;
        int defined = 0;
        for (int k = 0; k < classes; k++) {
            double auc = binaryAuc(labels, column(probabilities, k), k);
            if (!Double.isNaN(auc)) {
                sum += auc;
                defined++;
            }
        }
        return defined == 0 ? Double.NaN : sum / defined;
    }

    /**
     * AUC of {@code scores} for separating samples labelled {@code positive} from the rest, by the Mann-Whitney rank
     * formulation: (R+ - n+(n+ + 1)/2) / (n+ n-), R+ the sum of the positives' ranks, tied scores sharing their mean
     * rank (so a tied positive-negative pair counts one half). NaN when either group is empty.
     */
    public static double binaryAuc(int[] labels, double[] scores, int positive) {
        checkLengths(labels.length, scores.length, "scores");
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is NaN");
            }
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double positiveRankSum = 0;
        long positives = 0;
        for (int start = 0; start < n; ) {
            int end = start;
            while (end + 1 < n && scores[order[end + 1]] == scores[order[start]]) {
                end++;
            }
            double midRank = (start + end) / 2.0 + 1; // ranks are 1-based
            for (int j = start; j <= end; j++) {
                if (labels[order[j]] == positive) {
                    positiveRankSum += midRank;
                    positives++;
                }
            }
            start = end + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /**
     * Expected calibration error (Guo et al. 2017, "On Calibration of Modern Neural Networks"): samples are binned by
     * confidence (the largest class probability) into {@code bins} equal-width intervals (m/M, (m+1)/M]; ECE is the
     * sample-weighted mean over non-empty bins of |accuracy(bin) - mean confidence(bin)|. NaN for no samples.
     */
    public static double expectedCalibrationError(int[] labels, int[] predictions, double[][] probabilities, int bins) {
        checkShapes(labels, predictions, probabilities);
        return ReliabilityDiagram.of(labels, predictions, probabilities, bins).ece();
    }

    private static double[] column(double[][] rows, int k) {
        double[] column = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            column[i] = rows[i][k];
        }
        return column;
    }

    /** The class count K; fails unless every row has K >= 2 probabilities and every label is in [0, K). */
    private static int checkShapes(int[] labels, int[] predictions, double[][] probabilities) {
        checkLengths(labels.length, predictions.length, "predictions");
        checkLengths(labels.length, probabilities.length, "probability rows");
        int classes = probabilities.length == 0 ? 2 : probabilities[0].length;
        if (classes < 2) {
            throw new IllegalArgumentException("probability rows need at least 2 classes, got " + classes);
        }
        for (int i = 0; i < labels.length; i++) {
            if (probabilities[i].length != classes) {
                throw new IllegalArgumentException("probability row " + i + " has " + probabilities[i].length
                        + " classes, row 0 has " + classes);
            }
            checkLabel(labels[i], classes);
        }
        return classes;
    }

    private static int checkLabel(int label, int classes) {
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException("label " + label + " is not a class in [0, " + classes + ")");
        }
        return label;
    }

    private static void checkLengths(int labels, int other, String what) {
        if (labels != other) {
            throw new IllegalArgumentException(labels + " labels but " + other + " " + what);
        }
    }
}
