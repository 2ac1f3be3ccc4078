package org.medrobust.attacks.evasion.gradient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.medrobust.attacks.evasion.AdversarialCheck;
import org.medrobust.attacks.evasion.EvasionAttack;
import org.medrobust.attacks.evasion.EvasionCatalog;
import org.medrobust.attacks.evasion.LinearClassifier;
import org.medrobust.attacks.evasion.Norm;
import org.medrobust.attacks.evasion.PneumoniaFixture;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.models.Logits;

/**
 * Targeted PGD: on a two-class linear model the target is the other class, so it must reach it on exactly the
 * images within eps of the boundary (the closed form of LinearOracleTest), and so must APGD with a targeted goal
 * ({@code apgd_dlr_targeted}); each image records its target and
 * success is reaching it; the target rules pick what they say.
 */
class TargetedPgdTest {

    @Test
    void onALinearModelItReachesTheTargetExactlyWhereTheClosedFormSays() {
        LinearClassifier model = new LinearClassifier(3);
        var data = model.data(400, 5);
        for (Norm norm : Norm.values()) {
            double eps = norm == Norm.LINF ? 0.02 : 0.1;
            int expected = model.withinReach(data, eps * model.dualNorm(norm == Norm.LINF));
            assertThat(expected).isBetween(40, 360);
            var e = AdversarialCheck.run(new TargetedPgd(norm, 1, eps, 10, eps / 4, 1, false, TargetRule.RANDOM),
                    model, data.images(), data.labels(), PneumoniaFixture.randoms(0, data.size()));
            int reached = 0;
            for (int i = 0; i < data.size(); i++) {
                Map<String, Object> d = e.details().get(i);
                assertThat(d.get(EvasionAttack.TARGET)).isEqualTo(1 - data.labels()[i]);
                assertThat(d.get("success")).isEqualTo(e.logits().argmax(i) == 1 - data.labels()[i]);
                reached += (Boolean) d.get("success") ? 1 : 0;
            }
            assertThat(reached).as(norm.label()).isEqualTo(expected);
        }
    }

    @Test
    void targetedGoalApgdReachesTheTargetExactlyWhereTheClosedFormSays() {
        LinearClassifier model = new LinearClassifier(3);
        var data = model.data(400, 5);
        double eps = 0.02;
        int expected = model.withinReach(data, eps * model.dualNorm(true));
        EvasionAttack apgd = EvasionCatalog.resolve(Apgd.ID_DLR_TARGETED_GOAL, List.of(1), Map.of("eps", eps,
                "steps", 20, "target", "most_likely")).getFirst();
        assertThat(apgd.parameters()).containsEntry("targeted", true).containsEntry("target", "most_likely");
        var e = AdversarialCheck.run(apgd, model, data.images(), data.labels(), PneumoniaFixture.randoms(0, data.size()));
        long reached = e.details().stream().filter(d -> (Boolean) d.get("success")).count();
        assertThat(e.details()).allSatisfy(d -> assertThat(d).containsKey(EvasionAttack.TARGET));
        assertThat(reached).isEqualTo(expected);
    }

    @Test
    void theTargetRulesPickTheLeastAndMostLikelyOrAUniformOtherClass() {
        Logits clean = new Logits(2, 4, new float[] {3, 1, 2, 0, 0, 5, -1, 4});
        int[] labels = {0, 1};
        List<RandomGenerator> randoms = List.of(new SplittableRandom(1), new SplittableRandom(2));
        assertThat(TargetRule.LEAST_LIKELY.targets(clean, labels, randoms)).containsExactly(3, 2);
        assertThat(TargetRule.MOST_LIKELY.targets(clean, labels, randoms)).containsExactly(2, 3);
        int[] counts = new int[4];
        SplittableRandom random = new SplittableRandom(9);
        for (int draw = 0; draw < 3000; draw++) {
            counts[TargetRule.RANDOM.targets(clean, new int[] {1, 1}, List.of(random, random))[0]]++;
        }
        assertThat(counts[1]).isZero();
        assertThat(counts[0]).isBetween(900, 1100);
        assertThat(counts[2]).isBetween(900, 1100);
        assertThat(counts[3]).isBetween(900, 1100);
    }

    @Test
    void theCatalogRecordsTheGoalAndRuleAndRefusesAnUnknownRule() {
        EvasionAttack a = EvasionCatalog.resolve(TargetedPgd.ID_L2, List.of(2), Map.of("target", "least_likely"))
                .getFirst();
        assertThat(a.parameters()).containsEntry("norm", "L2").containsEntry("eps", 0.25)
                .containsEntry("targeted", true).containsEntry("target", "least_likely");
        assertThatThrownBy(() -> EvasionCatalog.resolve(TargetedPgd.ID_LINF, List.of(), Map.of("target", "cat")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("pgd_linf_targeted")
                .hasMessageContaining("least_likely");
    }
}
