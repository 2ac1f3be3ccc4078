package org.medrobust.reports.shift;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One site of a scenario's data: its accuracy, balanced accuracy, AUC and calibration, and how it compares with the
 * scenario's other sites pooled (the model's "home" in a leave-one-site-out evaluation, where it was trained on
 * those): the accuracy drop from them to this site with an independent bootstrap interval, and how well the model's
 * confidence tells this site's samples from theirs; and the drop of each metric from the source site.
 *
 * @param versusOthers null when the data has only this one site
 * @param versusSource drops of accuracy, balanced accuracy and AUC from the source site (paired by source image where
 *                     the sites show the same images); null for the source site itself and for data without one
 * @param detection    null when the data has only this one site
 */
public record SiteMetrics(String site, int samples, double accuracy, Double balancedAccuracy, Double auc,
        Calibration calibration, Difference versusOthers, Detection detection,
        @JsonInclude(JsonInclude.Include.NON_NULL) SourceDrops versusSource) {

    public SiteMetrics(String site, int samples, double accuracy, Double balancedAccuracy, Double auc,
            Calibration calibration, Difference versusOthers, Detection detection) {
        this(site, samples, accuracy, balancedAccuracy, auc, calibration, versusOthers, detection, null);
    }
}
