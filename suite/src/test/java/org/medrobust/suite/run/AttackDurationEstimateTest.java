package org.medrobust.suite.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medrobust.attacks.evasion.EvasionCatalog;
import org.medrobust.datasets.ImageShape;
import org.medrobust.suite.fixtures.GradientMeanIntensityClassifier;
import org.medrobust.suite.plan.Scenario;

/**
 * The estimate printed before a long attack run: calls are samples x query budget per model; a short run (the
 * default campaign's PGD on 26 images) measures and prints nothing; a long one prints the measured per-image cost
 * and the bound it implies.
 */
class AttackDurationEstimateTest {

    @Test
    void shortRunsPrintNothingAndLongOnesTheMeasuredBound() {
        var pgd = EvasionCatalog.resolve("pgd_linf", List.of(1), Map.of()).getFirst(); // 10 calls per image
        var apgd = EvasionCatalog.resolve("apgd_ce", List.of(3), Map.of()).getFirst(); // 101
        var model = new GradientMeanIntensityClassifier("m", new ImageShape(1, 8, 8));
        List<Scenario> shortPlan = List.of(Scenario.of("m", "d/test", pgd, null, 26));
        Map<String, Long> few = AttackDurationEstimate.pendingCalls(shortPlan, s -> s.samples(624));
        assertThat(few).containsExactly(Map.entry("m", 260L));
        assertThat(AttackDurationEstimate.lines(few, Map.of())).isEmpty(); // no model needed: nothing measured

        List<Scenario> longPlan = List.of(Scenario.of("m", "d/test", pgd, null, 26),
                Scenario.of("m", "d/test", apgd, null, null), Scenario.of("other", "d/test", pgd, "skipped", null));
        Map<String, Long> many = AttackDurationEstimate.pendingCalls(longPlan, s -> s.samples(624));
        assertThat(many).containsExactly(Map.entry("m", 260L + 624L * 101));
        List<String> lines = AttackDurationEstimate.lines(many, Map.of("m", model));
        assertThat(lines).singleElement().asString().startsWith("estimate: m has attacks of up to 63,284 model calls")
                .contains("PGD step of 8 images").contains("at most");
    }

    @Test
    void durationsReadNaturally() {
        assertThat(AttackDurationEstimate.duration(42)).isEqualTo("42 s");
        assertThat(AttackDurationEstimate.duration(600)).isEqualTo("10 min");
        assertThat(AttackDurationEstimate.duration(9000)).isEqualTo("2.5 h");
    }
}
