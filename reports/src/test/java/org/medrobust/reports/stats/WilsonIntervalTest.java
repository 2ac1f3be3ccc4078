package org.medrobust.reports.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.medrobust.reports.schema.SampleOutcome;
import org.medrobust.reports.schema.ScenarioMetrics;

class WilsonIntervalTest {

    @Test
    void matchesPublishedValues() {
        // Newcombe (1998), Stat. Med. 17:857, table I: 0/10 -> [0, 0.2775], 10/10 -> [0.7225, 1]
        assertThat(WilsonInterval.of95(0, 10)).containsExactly(new double[] {0, 0.2775}, within(5e-5));
        assertThat(WilsonInterval.of95(10, 10)).containsExactly(new double[] {0.7225, 1}, within(5e-5));
        // 550/624 (the external pneumonia CNN), formula evaluated independently in Python
        assertThat(WilsonInterval.of95(550, 624))
                .containsExactly(new double[] {0.8536799091912107, 0.9044732731330253}, within(1e-12));
        assertThat(WilsonInterval.of95(0, 0)).containsExactly(0, 1);
    }

    @Test
    void metricsAreDerivedFromOutcomes() {
        List<SampleOutcome> outcomes = List.of(
                new SampleOutcome(0, 1, 1, 1, 0.9, 0.1, 0.5),
                new SampleOutcome(1, 0, 1, 0, 0.6, 0.3, 1.5),
                new SampleOutcome(2, 0, 0, 0, 0.9, 0.2, 1.0),
                new SampleOutcome(3, 1, 0, 0, 0.8, 0.0, 0.0));
        ScenarioMetrics m = MetricsCalculator.of(outcomes);
        assertThat(m.samples()).isEqualTo(4);
        assertThat(m.correct()).isEqualTo(2);
        assertThat(m.accuracy()).isEqualTo(0.5);
        assertThat(m.flipRate()).isEqualTo(0.25);
        assertThat(m.meanConfidence()).isCloseTo(0.8, within(1e-12));
        assertThat(m.meanLinf()).isCloseTo(0.15, within(1e-12));
        assertThat(m.meanL2()).isCloseTo(0.75, within(1e-12));
        assertThat(m.accuracyCi95()).containsExactly(WilsonInterval.of95(2, 4));
    }
}
