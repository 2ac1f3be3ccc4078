package org.medrobust.reports.stats;

import java.util.List;
import org.medrobust.reports.schema.AttackMetrics;
import org.medrobust.reports.schema.SampleOutcome;

/**
 * Attack success rate and perturbation sizes of an evasion scenario. The success rate counts only samples the
 * model got right when clean (Carlini et al. 2019, section 5.2: a sample that was already wrong is no success of
 * the attack), and success is the re-evaluated prediction, never the attack's claim.
 */
public final class AttackMetricsCalculator {

    private AttackMetricsCalculator() {
    }

    public static AttackMetrics of(List<SampleOutcome> outcomes) {
        int attacked = 0;
        int broken = 0;
        double queries = 0;
        int withQueries = 0;
        List<SampleOutcome> breaks = new java.util.ArrayList<>();
        for (SampleOutcome o : outcomes) {
            if (o.details().get("queries") instanceof Number q) {
                queries += q.doubleValue();
                withQueries++;
            }
            if (o.cleanPrediction() != o.label()) {
                continue;
            }
            attacked++;
            if (o.prediction() != o.label()) {
                broken++;
                breaks.add(o);
            }
        }
        return new AttackMetrics(attacked, broken, attacked == 0 ? 0 : broken / (double) attacked,
                WilsonInterval.of95(broken, attacked), median(breaks.stream().mapToDouble(SampleOutcome::l2).toArray()),
                median(breaks.stream().mapToDouble(SampleOutcome::linf).toArray()),
                withQueries == 0 ? null : queries / withQueries);
    }

    /** The median (mean of the middle two for an even count); null for no values. */
    static Double median(double[] values) {
        if (values.length == 0) {
            return null;
        }
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
