package org.medrobust.reports.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Accuracy, balanced accuracy and ROC AUC of a group of samples taken with multiplicities: {@code weights[i]} copies
 * of sample i. A bootstrap resample is such a weight vector (how often each sample was drawn), so one group's sorted
 * scores serve every resample and an AUC costs O(n) per resample instead of a sort. With every weight 1 the values
 * equal {@link ClassificationMetrics}' (tested); a sample of weight 0 is absent.
 */
public final class WeightedMetrics {

    /** A statistic of a weighted group; NaN where it is undefined (no samples, one class only for an AUC). */
    @FunctionalInterface
    public interface Statistic {
        double of(int[] weights);
    }

    private WeightedMetrics() {
    }

    /** Weighted fraction of samples whose prediction is their label. */
    public static Statistic accuracy(int[] labels, int[] predictions) {
        return weights -> {
            long hits = 0;
            long total = 0;
            for (int i = 0; i < labels.length; i++) {
                total += weights[i];
                hits += labels[i] == predictions[i] ? weights[i] : 0;
            }
            return total == 0 ? Double.NaN : (double) hits / total;
        };
    }

    /** Mean per-class recall over the classes present (weight > 0), as {@link ClassificationMetrics#balancedAccuracy}. */
    public static Statistic balancedAccuracy(int[] labels, int[] predictions, int classes) {
        return weights -> {
            long[] total = new long[classes];
            long[] hit = new long[classes];
            for (int i = 0; i < labels.length; i++) {
                total[labels[i]] += weights[i];
                hit[labels[i]] += labels[i] == predictions[i] ? weights[i] : 0;
            }
            double sum = 0;
            int present = 0;
            for (int k = 0; k < classes; k++) {
                if (total[k] > 0) {
                    sum += (double) hit[k] / total[k];
                    present++;
                }
            }
            return present == 0 ? Double.NaN : sum / present;
        };
    }

    /**
     * ROC AUC as {@link ClassificationMetrics#rocAuc}: two classes, the class-1 probability's; more, the mean of the
     * one-vs-rest AUCs over the classes with positive and negative weight. Ties count one half: within a run of equal
     * scores, a positive of weight p and the run's negatives of weight m add p m / 2 (the Mann-Whitney mid-rank form).
     */
    public static Statistic auc(int[] labels, double[][] probabilities) {
        int classes = probabilities.length == 0 ? 2 : probabilities[0].length;
        int[] scored = classes == 2 ? new int[] {1} : IntStream.range(0, classes).toArray();
        int[][] orders = new int[scored.length][];
        for (int c = 0; c < scored.length; c++) {
            int k = scored[c];
            orders[c] = IntStream.range(0, labels.length).boxed()
                    .sorted(Comparator.comparingDouble(i -> probabilities[i][k])).mapToInt(Integer::intValue)
                    .toArray();
        }
        return weights -> {
            double sum = 0;
            int defined = 0;
            for (int c = 0; c < scored.length; c++) {
                double auc = oneVersusRest(labels, probabilities, scored[c], orders[c], weights);
                if (!Double.isNaN(auc)) {
                    sum += auc;
                    defined++;
                }
            }
            return defined == 0 ? Double.NaN : sum / defined;
        };
    }

    private static double oneVersusRest(int[] labels, double[][] probabilities, int k, int[] order, int[] weights) {
        double pairs = 0; // positive-negative pairs ranked right, ties one half
        long negativesBelow = 0;
        long positives = 0;
        for (int start = 0; start < order.length; ) {
            double score = probabilities[order[start]][k];
            int end = start;
            long p = 0;
            long m = 0;
            while (end < order.length && probabilities[order[end]][k] == score) {
                int i = order[end];
                if (labels[i] == k) {
                    p += weights[i];
                } else {
                    m += weights[i];
                }
                end++;
            }
            pairs += (double) p * negativesBelow + 0.5 * p * m;
            negativesBelow += m;
            positives += p;
            start = end;
        }
        long negatives = negativesBelow;
        return positives == 0 || negatives == 0 ? Double.NaN : pairs / ((double) positives * negatives);
    }

    /** Every sample once: the statistic of the group as it is. */
    public static int[] ones(int n) {
        int[] weights = new int[n];
        Arrays.fill(weights, 1);
        return weights;
    }
}
