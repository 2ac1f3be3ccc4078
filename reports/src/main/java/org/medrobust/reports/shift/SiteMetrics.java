package org.medrobust.reports.shift;

/**
 * One site of a scenario's data: its accuracy, balanced accuracy, AUC and calibration, and how it compares with the
 * scenario's other sites pooled (the model's "home" in a leave-one-site-out evaluation, where it was trained on
 * those): the accuracy drop from them to this site with an independent bootstrap interval, and how well the model's
 * confidence tells this site's samples from theirs.
 *
 * @param versusOthers null when the data has only this one site
 * @param detection    null when the data has only this one site
 */
public record SiteMetrics(String site, int samples, double accuracy, Double balancedAccuracy, Double auc,
        Calibration calibration, Difference versusOthers, Detection detection) {
}
