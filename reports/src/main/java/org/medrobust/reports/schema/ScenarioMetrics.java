package org.medrobust.reports.schema;

/**
 * Metrics of one scenario, all derived from its sample outcomes.
 *
 * @param samples          number of samples evaluated
 * @param correct          samples predicted correctly
 * @param accuracy         correct / samples
 * @param accuracyCi95     Wilson score interval at 95 %
 * @param flipRate         fraction of samples whose prediction differs from the clean prediction
 * @param meanConfidence   mean softmax probability of the predicted class
 * @param meanLinf         mean L-infinity size of the perturbation
 * @param meanL2           mean L2 size of the perturbation
 */
public record ScenarioMetrics(int samples, int correct, double accuracy, double[] accuracyCi95, double flipRate,
        double meanConfidence, double meanLinf, double meanL2) {
}
