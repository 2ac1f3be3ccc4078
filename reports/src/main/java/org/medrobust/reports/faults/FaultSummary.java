package org.medrobust.reports.faults;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One fault model at one severity on one model and data split, over its seeded trials (one scenario each).
 *
 * @param trials              trials planned (and not skipped)
 * @param crashedTrials       trials whose run failed (the engine threw): the crash rate is crashedTrials / trials
 * @param accuracyMean        mean over completed trials of each trial's accuracy; null when none completed
 * @param accuracyCi95        Student's t interval over trials ({@code StudentInterval}), cut to [0, 1]
 * @param cleanAccuracy       the fault-free accuracy of the model on the split
 * @param sdcRate             silent data corruption: fraction of (trial, sample) pairs whose top-1 prediction
 *                            differs from the fault-free one while the logits stay finite
 * @param sdcCi95             Wilson interval of sdcRate over all those pairs
 * @param nonFiniteRate       fraction of (trial, sample) pairs with NaN or infinite logits
 * @param nonFiniteCi95       its Wilson interval
 * @param trialsWithNonFinite completed trials with at least one non-finite sample
 * @param criticalTrials      completed trials whose accuracy fell by at least {@link FaultStatistics#CRITICAL_DROP}
 *                            below the fault-free accuracy: for single-bit faults, the number of critical bits found
 * @param meanSites           mean number of bits the fault changed per trial
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FaultSummary(String model, String dataset, String split, String threat, int severity, int trials,
        int crashedTrials, Double accuracyMean, double[] accuracyCi95, Double cleanAccuracy, double sdcRate,
        double[] sdcCi95, double nonFiniteRate, double[] nonFiniteCi95, int trialsWithNonFinite, int criticalTrials,
        double meanSites) {
}
