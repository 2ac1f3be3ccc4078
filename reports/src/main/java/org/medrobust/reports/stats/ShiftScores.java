package org.medrobust.reports.stats;

/**
 * "Does the model know it is elsewhere": per-sample confidence scores and how well they separate source samples from
 * shifted ones. Higher scores mean "looks like the training distribution".
 * <ul>
 *   <li>Maximum softmax probability (Hendrycks and Gimpel 2017, "A Baseline for Detecting Misclassified and
 *       Out-of-Distribution Examples"): {@code max_k softmax(z)_k = exp(max_k z_k - logsumexp(z))}.</li>
 *   <li>Energy score (Liu et al. 2020, "Energy-based Out-of-distribution Detection"): the negative free energy at
 *       temperature 1, {@code logsumexp(z) = log sum_k exp(z_k)}, computed as {@code max + log sum exp(z - max)}.</li>
 * </ul>
 * Detection quality is the AUROC of a score for "source" (positive) against "shifted" (negative): the probability
 * that a random source sample scores higher than a random shifted one, ties counting one half (Mann-Whitney with
 * mid-ranks, {@link ClassificationMetrics#binaryAuc}). 0.5 means the model cannot tell; below 0.5 it is more
 * confident on the shifted data.
 */
public final class ShiftScores {

    private ShiftScores() {
    }

    /** log sum_k exp(z_k), stable for large logits; fails on an empty or non-finite row. */
    public static double logSumExp(double[] logits) {
        if (logits.length == 0) {
            throw new IllegalArgumentException("logits row is empty");
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double z : logits) {
            if (!Double.isFinite(z)) {
                throw new IllegalArgumentException("logit " + z + " is not finite");
            }
            max = Math.max(max, z);
        }
        double sum = 0;
        for (double z : logits) {
            sum += StrictMath.exp(z - max);
        }
        return max + StrictMath.log(sum);
    }

    /** The energy score of one logits row (higher: more in-distribution). */
    public static double energy(double[] logits) {
        return logSumExp(logits);
    }

    /** The largest softmax probability of one logits row. */
    public static double maxSoftmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double z : logits) {
            max = Math.max(max, z);
        }
        return StrictMath.exp(max - logSumExp(logits));
    }

    /** AUROC of separating source (positive) from shifted (negative) samples by a score; NaN if either is empty. */
    public static double auroc(double[] sourceScores, double[] shiftedScores) {
        int n = sourceScores.length + shiftedScores.length;
        double[] scores = new double[n];
        int[] labels = new int[n];
        System.arraycopy(sourceScores, 0, scores, 0, sourceScores.length);
        System.arraycopy(shiftedScores, 0, scores, sourceScores.length, shiftedScores.length);
        for (int i = 0; i < sourceScores.length; i++) {
            labels[i] = 1;
        }
        return ClassificationMetrics.binaryAuc(labels, scores, 1);
    }
}
