package org.medrobust.models.training;

import java.util.Locale;
import org.medrobust.datasets.InvalidInputException;

/** What early stopping watches on the validation split. */
public enum ValMetric {
    ACCURACY, BALANCED_ACCURACY, AUC,
    /** Mean cross-entropy; lower is better. */
    LOSS;

    /** The value to maximise. */
    double score(SplitMetrics metrics) {
        return switch (this) {
            case ACCURACY -> metrics.accuracy();
            case BALANCED_ACCURACY -> metrics.balancedAccuracy();
            case AUC -> Double.isNaN(metrics.auc()) ? Double.NEGATIVE_INFINITY : metrics.auc();
            case LOSS -> -metrics.crossEntropy();
        };
    }

    /** "accuracy", "balanced-accuracy", "auc", "loss". */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static ValMetric parse(String text) {
        for (ValMetric metric : values()) {
            if (metric.key().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return metric;
            }
        }
        throw new InvalidInputException("unknown validation metric '" + text
                + "': use accuracy, balanced-accuracy, auc or loss");
    }
}
