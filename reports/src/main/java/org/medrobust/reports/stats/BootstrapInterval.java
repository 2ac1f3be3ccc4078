package org.medrobust.reports.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap interval (Efron and Tibshirani 1993, "An Introduction to the Bootstrap", ch. 13) for a
 * difference of accuracies: {@code acc(B) - acc(A)}, e.g. shifted site minus source site, or one model minus
 * another. Chosen over a normal (Wald) interval because accuracy differences near 0 or +-1 are skewed and bounded;
 * the percentile interval respects the bounds and needs no variance formula for paired data.
 *
 * <p>Two designs: {@link #pairedDifference} when both accuracies are measured on the same samples (every model on
 * the same test set, a synthetic site applied to the same source images): one index resample keeps the pairing, so
 * the per-sample correlation narrows the interval. {@link #independentDifference} when the samples differ (two real
 * hospitals): each group is resampled on its own. Deterministic: the same seed gives the same interval.
 *
 * <p>The same two designs for any statistic of a group ({@link WeightedMetrics}: accuracy, balanced accuracy, AUC): a
 * resample is the multiplicity of each sample, drawn exactly as the accuracy bootstrap draws its indices (so both give
 * the same resamples for the same seed). A resample whose statistic is undefined (an AUC of a resample holding one
 * class only) is left out; the interval's {@code resamples} counts the resamples used.
 */
public final class BootstrapInterval {

    /** Resamples unless told otherwise: enough for a stable 95 % percentile interval (Efron and Tibshirani: >= 1000). */
    public static final int DEFAULT_RESAMPLES = 2000;

    private BootstrapInterval() {
    }

    /** A point estimate and its two-sided interval; NaN throughout when a group is empty. */
    public record Interval(double estimate, double lower, double upper, double level, int resamples) {
    }

    /** Paired: {@code a[i]} and {@code b[i]} are the same sample's correctness under the two conditions. */
    public static Interval pairedDifference(boolean[] a, boolean[] b, double level, int resamples, long seed) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired groups differ in size: " + a.length + " and " + b.length);
        }
        checkDesign(level, resamples);
        int n = a.length;
        if (n == 0) {
            return new Interval(Double.NaN, Double.NaN, Double.NaN, level, resamples);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] differences = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            int sum = 0;
            for (int i = 0; i < n; i++) {
                int j = random.nextInt(n);
                sum += (b[j] ? 1 : 0) - (a[j] ? 1 : 0);
            }
            differences[r] = (double) sum / n;
        }
        return percentile(accuracy(b) - accuracy(a), differences, level);
    }

    /** Independent: {@code a} and {@code b} are different samples, each resampled on its own. */
    public static Interval independentDifference(boolean[] a, boolean[] b, double level, int resamples, long seed) {
        checkDesign(level, resamples);
        if (a.length == 0 || b.length == 0) {
            return new Interval(Double.NaN, Double.NaN, Double.NaN, level, resamples);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] differences = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            differences[r] = resampledAccuracy(b, random) - resampledAccuracy(a, random);
        }
        return percentile(accuracy(b) - accuracy(a), differences, level);
    }

    /**
     * Paired, any statistic: sample i of {@code a} and sample i of {@code b} are the same subject (a source image and its
     * rendering at another site); one draw of subjects weighs both groups. {@code b(all) - a(all)}.
     */
    public static Interval pairedDifference(WeightedMetrics.Statistic a, WeightedMetrics.Statistic b, int n,
            double level, int resamples, long seed) {
        checkDesign(level, resamples);
        double estimate = b.of(WeightedMetrics.ones(n)) - a.of(WeightedMetrics.ones(n));
        if (n == 0) {
            return new Interval(Double.NaN, Double.NaN, Double.NaN, level, resamples);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] differences = new double[resamples];
        int used = 0;
        for (int r = 0; r < resamples; r++) {
            int[] weights = draw(n, random);
            double d = b.of(weights) - a.of(weights);
            if (!Double.isNaN(d)) {
                differences[used++] = d;
            }
        }
        return percentile(estimate, Arrays.copyOf(differences, used), level);
    }

    /** Independent, any statistic: groups of {@code na} and {@code nb} different samples, each resampled on its own. */
    public static Interval independentDifference(WeightedMetrics.Statistic a, int na, WeightedMetrics.Statistic b,
            int nb, double level, int resamples, long seed) {
        checkDesign(level, resamples);
        if (na == 0 || nb == 0) {
            return new Interval(Double.NaN, Double.NaN, Double.NaN, level, resamples);
        }
        double estimate = b.of(WeightedMetrics.ones(nb)) - a.of(WeightedMetrics.ones(na));
        SplittableRandom random = new SplittableRandom(seed);
        double[] differences = new double[resamples];
        int used = 0;
        for (int r = 0; r < resamples; r++) {
            double d = b.of(draw(nb, random)); // b first, as the accuracy bootstrap draws it
            d -= a.of(draw(na, random));
            if (!Double.isNaN(d)) {
                differences[used++] = d;
            }
        }
        return percentile(estimate, Arrays.copyOf(differences, used), level);
    }

    /** How often each of n samples is drawn in n draws with replacement. */
    private static int[] draw(int n, SplittableRandom random) {
        int[] weights = new int[n];
        for (int i = 0; i < n; i++) {
            weights[random.nextInt(n)]++;
        }
        return weights;
    }

    private static double resampledAccuracy(boolean[] correct, SplittableRandom random) {
        int hits = 0;
        for (int i = 0; i < correct.length; i++) {
            hits += correct[random.nextInt(correct.length)] ? 1 : 0;
        }
        return (double) hits / correct.length;
    }

    private static double accuracy(boolean[] correct) {
        int hits = 0;
        for (boolean c : correct) {
            hits += c ? 1 : 0;
        }
        return (double) hits / correct.length;
    }

    /** The (1 - level)/2 and (1 + level)/2 quantiles of the resampled statistics (lower order statistic). */
    private static Interval percentile(double estimate, double[] statistics, double level) {
        if (statistics.length == 0) {
            return new Interval(estimate, Double.NaN, Double.NaN, level, 0);
        }
        Arrays.sort(statistics);
        int last = statistics.length - 1;
        int low = (int) Math.floor((1 - level) / 2 * last);
        int high = (int) Math.ceil((1 + level) / 2 * last);
        return new Interval(estimate, statistics[low], statistics[high], level, statistics.length);
    }

    private static void checkDesign(double level, int resamples) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level must be in (0, 1), got " + level);
        }
        if (resamples < 1) {
            throw new IllegalArgumentException("bootstrap needs at least one resample, got " + resamples);
        }
    }
}
