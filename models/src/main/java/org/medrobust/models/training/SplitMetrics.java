package org.medrobust.models.training;

import org.medrobust.reports.stats.ClassificationMetrics;

/**
 * How a model does on one split.
 *
 * @param auc          ROC AUC (binary) or macro one-vs-rest AUC; NaN when the split holds one class only
 * @param ece          expected calibration error, 15 equal-width confidence bins (Guo et al. 2017)
 * @param crossEntropy mean -log p(true class), unweighted
 */
public record SplitMetrics(int samples, int correct, double accuracy, double balancedAccuracy, double auc, double ece,
                           double crossEntropy) {

    static SplitMetrics of(ClassificationMetrics.Summary summary, double crossEntropy) {
        return new SplitMetrics(summary.samples(), summary.correct(), summary.accuracy(), summary.balancedAccuracy(),
                summary.auc(), summary.ece(), crossEntropy);
    }
}
