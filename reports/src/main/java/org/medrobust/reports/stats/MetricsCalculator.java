package org.medrobust.reports.stats;

import java.util.List;
import org.medrobust.reports.schema.SampleOutcome;
import org.medrobust.reports.schema.ScenarioMetrics;

/** Derives a scenario's metrics from its per-sample outcomes. */
public final class MetricsCalculator {

    private MetricsCalculator() {
    }

    public static ScenarioMetrics of(List<SampleOutcome> outcomes) {
        int n = outcomes.size();
        int correct = 0;
        int flipped = 0;
        double confidence = 0;
        double linf = 0;
        double l2 = 0;
        for (SampleOutcome o : outcomes) {
            correct += o.correct() ? 1 : 0;
            flipped += o.prediction() != o.cleanPrediction() ? 1 : 0;
            confidence += o.confidence();
            linf += o.linf();
            l2 += o.l2();
        }
        double scale = n == 0 ? 0 : 1.0 / n;
        return new ScenarioMetrics(n, correct, correct * scale, WilsonInterval.of95(correct, n), flipped * scale,
                confidence * scale, linf * scale, l2 * scale);
    }
}
