package org.medrobust.reports.stats;

/**
 * Wilson score interval for a binomial proportion (Wilson, 1927): well-behaved at 0 and 1 and for small n, unlike
 * the normal approximation.
 */
public final class WilsonInterval {

    /** The 97.5 % standard normal quantile, for a two-sided 95 % interval. */
    public static final double Z95 = 1.959963984540054;

    private WilsonInterval() {
    }

    /** {lower, upper} for {@code successes} out of {@code trials} at the given z; {0, 1} when trials is 0. */
    public static double[] of(int successes, int trials, double z) {
        if (trials == 0) {
            return new double[] {0, 1};
        }
        double p = (double) successes / trials;
        double z2 = z * z;
        double denominator = 1 + z2 / trials;
        double centre = (p + z2 / (2.0 * trials)) / denominator;
        double half = z * Math.sqrt(p * (1 - p) / trials + z2 / (4.0 * trials * trials)) / denominator;
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    public static double[] of95(int successes, int trials) {
        return of(successes, trials, Z95);
    }
}
