package org.medrobust.reports.stats;

/**
 * Exact McNemar test (McNemar 1947; exact binomial form as in Fagerland, Lydersen and Laake 2013, "The McNemar test
 * for binary matched-pairs data: mid-p and asymptotic are better than exact conditional", BMC Med Res Methodol
 * 13:91) for two classifiers evaluated on the same samples.
 *
 * <p>Only discordant samples carry information: {@code b} = A right and B wrong, {@code c} = A wrong and B right.
 * Under H0 (both equally accurate) each discordant sample is a fair coin, so {@code b ~ Binomial(b + c, 1/2)} and the
 * two-sided p-value is {@code min(1, 2 * P(X <= min(b, c)))}. Chosen over the chi-square form because robustness
 * comparisons often have a handful of discordant samples, where the asymptotic test is far off. Computed in log
 * space so that n in the thousands neither overflows nor underflows.
 */
public final class McNemarTest {

    private McNemarTest() {
    }

    /**
     * @param onlyA samples A got right and B wrong
     * @param onlyB samples B got right and A wrong
     * @param p     two-sided exact p-value; 1 when there is no discordant sample
     */
    public record Result(int onlyA, int onlyB, double p) {
    }

    public static Result exact(int onlyA, int onlyB) {
        if (onlyA < 0 || onlyB < 0) {
            throw new IllegalArgumentException("discordant counts must be >= 0, got " + onlyA + " and " + onlyB);
        }
        int n = onlyA + onlyB;
        if (n == 0) {
            return new Result(onlyA, onlyB, 1.0);
        }
        int k = Math.min(onlyA, onlyB);
        double tail = 0;
        double logHalfPowN = n * Math.log(0.5);
        for (int i = 0; i <= k; i++) {
            tail += Math.exp(logBinomial(n, i) + logHalfPowN);
        }
        return new Result(onlyA, onlyB, Math.min(1.0, 2 * tail));
    }

    /** Counts the discordant pairs of two per-sample correctness vectors (same samples, same order). */
    public static Result exact(boolean[] a, boolean[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired groups differ in size: " + a.length + " and " + b.length);
        }
        int onlyA = 0;
        int onlyB = 0;
        for (int i = 0; i < a.length; i++) {
            onlyA += a[i] && !b[i] ? 1 : 0;
            onlyB += !a[i] && b[i] ? 1 : 0;
        }
        return exact(onlyA, onlyB);
    }

    private static double logBinomial(int n, int k) {
        double sum = 0;
        for (int i = 1; i <= k; i++) {
            sum += Math.log(n - k + i) - Math.log(i);
        }
        return sum;
    }
}
