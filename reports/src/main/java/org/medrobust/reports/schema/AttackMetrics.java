package org.medrobust.reports.schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What an evasion scenario adds to its accuracy (robust accuracy is the scenario's accuracy), derived from the
 * per-sample outcomes and their details.
 *
 * @param attacked                  samples the clean model classified correctly (the ones an attack can break)
 * @param broken                    of those, samples misclassified on the returned image (re-evaluated)
 * @param successRate               broken / attacked (0 when none was attacked)
 * @param successRateCi95           Wilson score interval at 95 %
 * @param medianBrokenL2            median L2 size of the perturbations that broke a sample; for a minimal-perturbation
 *                                  attack (DeepFool, C&W) this is the median minimal perturbation; null if none broke
 * @param medianBrokenLinf          the same in L-infinity
 * @param meanQueries               mean model calls per sample, where the attack recorded them; null otherwise
 * @param gradientMasking           why this result is suspect of gradient masking (attacks' MaskingCheck: a
 *                                  black-box attack beat the white-box ones, accuracy rose with eps, an iterative
 *                                  attack was weaker than FGSM, or an unbounded one did not reach 0); null when
 *                                  nothing was flagged
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AttackMetrics(int attacked, int broken, double successRate, double[] successRateCi95,
        Double medianBrokenL2, Double medianBrokenLinf, Double meanQueries, String gradientMasking) {

    public AttackMetrics(int attacked, int broken, double successRate, double[] successRateCi95,
            Double medianBrokenL2, Double medianBrokenLinf, Double meanQueries) {
        this(attacked, broken, successRate, successRateCi95, medianBrokenL2, medianBrokenLinf, meanQueries, null);
    }

    /** The same metrics flagged as suspect of gradient masking, for the reason given. */
    public AttackMetrics withGradientMasking(String reason) {
        return new AttackMetrics(attacked, broken, successRate, successRateCi95, medianBrokenL2, medianBrokenLinf,
                meanQueries, reason);
    }
}
