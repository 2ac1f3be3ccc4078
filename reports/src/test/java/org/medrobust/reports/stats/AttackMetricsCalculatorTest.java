package org.medrobust.reports.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medrobust.reports.schema.AttackMetrics;
import org.medrobust.reports.schema.RobustnessCurve;
import org.medrobust.reports.schema.SampleOutcome;
import org.medrobust.reports.schema.ScenarioMetrics;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;

class AttackMetricsCalculatorTest {

    private static SampleOutcome outcome(int label, int prediction, int clean, double l2, int queries) {
        return new SampleOutcome(0, label, prediction, clean, 0.9, l2 / 2, l2, Map.of("queries", queries));
    }

    @Test
    void successCountsOnlyCleanCorrectSamplesAndTheMedianOnlyBrokenOnes() {
        AttackMetrics m = AttackMetricsCalculator.of(List.of(
                outcome(1, 0, 1, 0.3, 4),   // broken
                outcome(1, 0, 1, 0.1, 2),   // broken
                outcome(0, 0, 0, 0.9, 10),  // survived
                outcome(0, 1, 1, 5.0, 1),   // wrong when clean: not attacked, not a success
                outcome(1, 0, 1, 0.2, 3))); // broken
        assertThat(m.attacked()).isEqualTo(4);
        assertThat(m.broken()).isEqualTo(3);
        assertThat(m.successRate()).isEqualTo(0.75);
        assertThat(m.successRateCi95()).containsExactly(WilsonInterval.of95(3, 4));
        assertThat(m.medianBrokenL2()).isEqualTo(0.2);
        assertThat(m.medianBrokenLinf()).isEqualTo(0.1);
        assertThat(m.meanQueries()).isEqualTo(4.0);
    }

    @Test
    void nothingAttackedGivesZeroAndNoMedian() {
        AttackMetrics m = AttackMetricsCalculator.of(List.of(new SampleOutcome(0, 1, 0, 0, 0.5, 0, 0)));
        assertThat(m.successRate()).isZero();
        assertThat(m.medianBrokenL2()).isNull();
        assertThat(m.meanQueries()).isNull();
        assertThat(AttackMetricsCalculator.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    }

    @Test
    void curvesStartAtTheCleanAccuracyAndFollowIncreasingEps() {
        List<ScenarioResult> scenarios = List.of(scenario("CLEAN", "clean", Map.of(), 0.9),
                scenario("EVASION", "pgd_linf", Map.of("eps", 0.03, "norm", "Linf"), 0.2),
                scenario("EVASION", "pgd_linf", Map.of("eps", 0.01, "norm", "Linf"), 0.6),
                scenario("PERTURBATION", "gaussian_noise", Map.of("sigma", 0.1), 0.8));
        List<RobustnessCurve> curves = RobustnessCurves.of(scenarios);
        assertThat(curves).hasSize(1);
        assertThat(curves.getFirst().norm()).isEqualTo("Linf");
        assertThat(curves.getFirst().points()).extracting(RobustnessCurve.Point::eps).containsExactly(0.0, 0.01, 0.03);
        assertThat(curves.getFirst().points()).extracting(RobustnessCurve.Point::accuracy).containsExactly(0.9, 0.6, 0.2);
    }

    private static ScenarioResult scenario(String family, String threat, Map<String, Object> parameters, double acc) {
        ScenarioMetrics metrics = new ScenarioMetrics(10, (int) (acc * 10), acc, new double[] {acc - 0.1, acc + 0.1}, 0,
                0.9, 0, 0);
        return new ScenarioResult("m@d/test:" + threat, "m", "d", "test", family, threat, 1, parameters,
                ScenarioStatus.COMPLETED, null, metrics, List.of());
    }
}
