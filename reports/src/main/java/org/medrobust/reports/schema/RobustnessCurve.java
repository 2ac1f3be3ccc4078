package org.medrobust.reports.schema;

import java.util.List;

/**
 * Accuracy against attack budget for one model, data split and attack: the clean accuracy at eps 0, then each
 * completed scenario of the attack by increasing eps.
 *
 * @param norm the budget's norm, as the attack recorded it ("Linf", "L2", ...)
 */
public record RobustnessCurve(String model, String dataset, String split, String threat, String norm,
        List<Point> points) {

    /** @param accuracyCi95 Wilson score interval at 95 % */
    public record Point(double eps, double accuracy, double[] accuracyCi95) {
    }
}
