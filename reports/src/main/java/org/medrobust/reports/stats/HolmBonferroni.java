package org.medrobust.reports.stats;

import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Holm's step-down correction for multiple comparisons (S. Holm, "A simple sequentially rejective multiple test
 * procedure", Scand. J. Statist. 6 (1979) 65-70), as adjusted p-values: with the m p-values sorted ascending,
 * {@code p~(k) = max over j <= k of min(1, (m - j + 1) p(j))} (1-based k). Rejecting where {@code p~ < alpha} controls
 * the family-wise error rate at alpha under any dependence between the tests, and is uniformly more powerful than
 * plain Bonferroni. The same numbers as statsmodels' {@code multipletests(p, method="holm")[1]}.
 */
public final class HolmBonferroni {

    private HolmBonferroni() {
    }

    /** Holm-adjusted p-values, in the order given; ties keep their input order (the result does not depend on it). */
    public static double[] adjust(double[] p) {
        for (double v : p) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("a p-value must lie in [0, 1], got " + v);
            }
        }
        int m = p.length;
        Integer[] order = IntStream.range(0, m).boxed().sorted(Comparator.comparingDouble(i -> p[i]))
                .toArray(Integer[]::new);
        double[] adjusted = new double[m];
        double running = 0;
        for (int k = 0; k < m; k++) {
            // step-down: the k-th smallest is tested at alpha / (m - k); monotone so that a rejection implies all before
            running = Math.max(running, Math.min(1, (m - k) * p[order[k]]));
            adjusted[order[k]] = running;
        }
        return adjusted;
    }
}
