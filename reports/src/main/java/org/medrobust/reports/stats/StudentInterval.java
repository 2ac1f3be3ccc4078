package org.medrobust.reports.stats;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Two-sided 95 % confidence interval for a mean from n independent trials, {@code mean +- t(0.975, n-1) s / sqrt(n)}
 * with s the sample standard deviation (Student, 1908). Chosen over the normal interval because fault campaigns run
 * few trials (5 by default), where z = 1.96 would claim too much (t(0.975, 4) = 2.776).
 */
public final class StudentInterval {

    private StudentInterval() {
    }

    /** {lower, upper}; with one value there is no spread to estimate: {mean, mean}; with none, null. */
    public static double[] of95(double[] values) {
        int n = values.length;
        if (n == 0) {
            return null;
        }
        double mean = mean(values);
        if (n == 1) {
            return new double[] {mean, mean};
        }
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        double half = new TDistribution(n - 1).inverseCumulativeProbability(0.975) * Math.sqrt(squares / (n - 1) / n);
        return new double[] {mean - half, mean + half};
    }

    public static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return values.length == 0 ? Double.NaN : sum / values.length;
    }
}
