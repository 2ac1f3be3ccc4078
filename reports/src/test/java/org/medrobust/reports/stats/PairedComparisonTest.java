package org.medrobust.reports.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medrobust.reports.schema.SampleOutcome;
import org.medrobust.reports.schema.ScenarioMetrics;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;

class PairedComparisonTest {

    /** {@code n} samples, the first {@code correct} right. */
    static ScenarioResult scenario(String model, String threat, int n, int correct) {
        List<SampleOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            outcomes.add(new SampleOutcome(i, 1, i < correct ? 1 : 0, 1, 0.9, 0, 0));
        }
        return new ScenarioResult(model + "-" + threat, model, "ward", "test", "PERTURBATION", threat, 3, Map.of(),
                ScenarioStatus.COMPLETED, null, new ScenarioMetrics(n, correct, correct / (double) n,
                        WilsonInterval.of95(correct, n), 0, 0.9, 0, 0), outcomes);
    }

    @Test
    void pairsBySampleAndTestsTheDiscordantOnes() {
        // A right on 0..79, B right on 0..49: 30 samples only A got, none only B got
        PairedComparison c = PairedComparison.of(scenario("a", "noise", 100, 80), scenario("b", "noise", 100, 50), 7);
        assertThat(c.samples()).isEqualTo(100);
        assertThat(c.accuracyA()).isEqualTo(0.8);
        assertThat(c.accuracyB()).isEqualTo(0.5);
        assertThat(c.difference().estimate()).isEqualTo(0.5 - 0.8, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(c.difference().upper()).isLessThan(0);
        assertThat(c.mcnemar().onlyA()).isEqualTo(30);
        assertThat(c.mcnemar().onlyB()).isZero();
        assertThat(c.mcnemar().p()).isEqualTo(McNemarTest.exact(30, 0).p()).isLessThan(1e-8);
        assertThat(c.significant()).isTrue();
    }

    @Test
    void identicalModelsAreNotSignificantlyDifferent() {
        PairedComparison c = PairedComparison.of(scenario("a", "noise", 50, 30), scenario("b", "noise", 50, 30), 7);
        assertThat(c.mcnemar().p()).isEqualTo(1.0);
        assertThat(c.difference().lower()).isZero();
        assertThat(c.significant()).isFalse();
    }

    @Test
    void comparesEveryPairOnTheSameThreatOnlyAndIsDeterministic() {
        List<ScenarioResult> scenarios = List.of(scenario("a", "noise", 40, 30), scenario("b", "noise", 40, 20),
                scenario("c", "noise", 40, 10), scenario("a", "blur", 40, 30), scenario("b", "other", 40, 30),
                scenario("d", "noise", 39, 10)); // other samples: not paired
        List<PairedComparison> all = PairedComparison.all(scenarios, 1);
        assertThat(all).extracting(c -> c.threat() + ":" + c.modelA() + "-" + c.modelB())
                .containsExactly("noise:a-b", "noise:a-c", "noise:b-c");
        assertThat(PairedComparison.all(scenarios, 1)).isEqualTo(all);
    }
}
