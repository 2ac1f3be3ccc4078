package org.medrobust.reports.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Reliability diagram (DeGroot and Fienberg 1983; Guo et al. 2017, "On Calibration of Modern Neural Networks",
 * section 2): samples binned by confidence (their largest class probability) into M equal-width intervals
 * {@code (m/M, (m+1)/M]} (the first also takes a confidence of exactly 0), and per bin the accuracy against the mean
 * confidence. A calibrated model lies on the diagonal; the expected calibration error is the sample-weighted L1 gap,
 * {@code ECE = sum_m |B_m|/n |acc(B_m) - conf(B_m)|}. {@link ClassificationMetrics#expectedCalibrationError} is this
 * class's {@link #ece()}.
 *
 * @param bins every bin, empty ones included (their accuracy and confidence are NaN), lowest first
 */
public record ReliabilityDiagram(List<Bin> bins, int samples) {

    /** Guo et al.'s 15 bins. */
    public static final int DEFAULT_BINS = ClassificationMetrics.ECE_BINS;

    /** One confidence interval {@code (lower, upper]}: how many samples fell in it, how many of them were right. */
    public record Bin(double lower, double upper, int count, int correct, double confidenceSum) {

        /** Fraction correct; NaN for an empty bin. */
        public double accuracy() {
            return count == 0 ? Double.NaN : (double) correct / count;
        }

        /** Mean confidence; NaN for an empty bin. */
        public double meanConfidence() {
            return count == 0 ? Double.NaN : confidenceSum / count;
        }
    }

    public ReliabilityDiagram {
        bins = List.copyOf(bins);
    }

    /**
     * @param labels        true class per sample
     * @param predictions   predicted class per sample (the model's own argmax)
     * @param probabilities per sample, the K class probabilities
     */
    public static ReliabilityDiagram of(int[] labels, int[] predictions, double[][] probabilities, int binCount) {
        if (binCount < 1) {
            throw new IllegalArgumentException("a reliability diagram needs at least one bin, got " + binCount);
        }
        if (labels.length != predictions.length || labels.length != probabilities.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + predictions.length + " predictions and "
                    + probabilities.length + " probability rows");
        }
        int[] count = new int[binCount];
        int[] correct = new int[binCount];
        double[] confidenceSum = new double[binCount];
        for (int i = 0; i < labels.length; i++) {
            double confidence = max(probabilities[i]);
            int m = bin(confidence, binCount);
            count[m]++;
            correct[m] += predictions[i] == labels[i] ? 1 : 0;
            confidenceSum[m] += confidence;
        }
        List<Bin> bins = new ArrayList<>();
        for (int m = 0; m < binCount; m++) {
            bins.add(new Bin((double) m / binCount, (double) (m + 1) / binCount, count[m], correct[m], confidenceSum[m]));
        }
        return new ReliabilityDiagram(bins, labels.length);
    }

    /** Expected calibration error (L1, sample-weighted over the non-empty bins); NaN for no samples. */
    public double ece() {
        if (samples == 0) {
            return Double.NaN;
        }
        double ece = 0;
        for (Bin bin : bins) {
            if (bin.count() > 0) {
                ece += (double) bin.count() / samples * Math.abs(bin.accuracy() - bin.meanConfidence());
            }
        }
        return ece;
    }

    /** Maximum calibration error (Naeini et al. 2015): the largest gap over non-empty bins; NaN for no samples. */
    public double mce() {
        double mce = Double.NaN;
        for (Bin bin : bins) {
            if (bin.count() > 0) {
                double gap = Math.abs(bin.accuracy() - bin.meanConfidence());
                mce = Double.isNaN(mce) ? gap : Math.max(mce, gap);
            }
        }
        return mce;
    }

    /** The bin of a confidence in [0, 1]: the m with m/M < c <= (m+1)/M, and bin 0 for c = 0. */
    static int bin(double confidence, int binCount) {
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence " + confidence + " is not in [0, 1]");
        }
        int m = (int) Math.ceil(confidence * binCount) - 1;
        // ceil can land one off where m/M is not exact in binary: settle against the bin's own bounds.
        if (m >= 0 && m < binCount && confidence <= (double) m / binCount) {
            m--;
        } else if (m + 1 < binCount && confidence > (double) (m + 1) / binCount) {
            m++;
        }
        return Math.max(m, 0);
    }

    private static double max(double[] row) {
        double max = Double.NEGATIVE_INFINITY;
        for (double p : row) {
            max = Math.max(max, p);
        }
        return max;
    }
}
