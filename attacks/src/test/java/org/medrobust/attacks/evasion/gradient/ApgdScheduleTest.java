package org.medrobust.attacks.evasion.gradient;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medrobust.attacks.evasion.AdversarialCheck;
import org.medrobust.attacks.evasion.EvasionAttack;
import org.medrobust.attacks.evasion.EvasionCatalog;
import org.medrobust.attacks.evasion.LinearClassifier;
import org.medrobust.attacks.evasion.Norm;
import org.medrobust.attacks.evasion.PneumoniaFixture;

/**
 * What makes APGD stronger than PGD, tested where the answer is known, so that a weakened APGD fails:
 * <ul>
 * <li>its step-size schedule (halving at the checkpoints of Croce and Hein 2020, Algorithm 1): on {@link
 * BowlClassifier} the only adversarial points lie within r of an interior point of the ball; fixed-step PGD circles
 * around it, APGD with 100 iterations homes in. Without the halving (or with checkpoints that never fire) APGD is a
 * fixed-step method and breaks almost nothing here;</li>
 * <li>its reach in both norms: on a linear model APGD-CE (L-inf and L2, from the catalog) breaks exactly the images
 * within eps of the boundary in that norm (|m| < eps ||w_1 - w_0||_1 resp. _2).</li>
 * </ul>
 */
class ApgdScheduleTest {

    private static final double EPS = 8 / 255.0;

    @Test
    void stepHalvingReachesAnInteriorOptimumThatFixedStepPgdCircles() {
        BowlClassifier model = new BowlClassifier(0.005);
        var data = model.data(50, EPS, 3);
        double apgd = data.robustAccuracy(new Apgd(Apgd.ID_CE, Norm.LINF, LogitLoss.CROSS_ENTROPY, 1, EPS, 100, 1, 1),
                model, 50);
        double pgd = data.robustAccuracy(new Pgd(Norm.LINF, 1, EPS, 100, EPS / 4, 1, false), model, 50);
        double pgdFine = data.robustAccuracy(new Pgd(Norm.LINF, 1, EPS, 100, EPS / 16, 1, false), model, 50);
        System.out.printf("bowl r 0.005, eps 8/255, 100 iterations: robust accuracy APGD-CE %.2f, PGD step eps/4 %.2f, "
                + "eps/16 %.2f%n", apgd, pgd, pgdFine);
        assertThat(apgd).isLessThanOrEqualTo(0.1);
        assertThat(pgd).isGreaterThanOrEqualTo(0.8);
        assertThat(pgdFine).isGreaterThan(apgd + 0.5);
    }

    @Test
    void apgdBreaksExactlyTheImagesWithinEpsOfALinearBoundaryInBothNorms() {
        LinearClassifier model = new LinearClassifier(3);
        var data = model.data(400, 5);
        for (Norm norm : Norm.values()) {
            double eps = norm == Norm.LINF ? 0.02 : 0.1;
            String id = norm == Norm.LINF ? Apgd.ID_CE : Apgd.ID_CE_L2;
            EvasionAttack attack = EvasionCatalog.resolve(id, List.of(1), Map.of("eps", eps)).getFirst();
            assertThat(attack.parameters()).containsEntry("norm", norm.label()).containsEntry("stepSize", 2 * eps);
            int expected = model.withinReach(data, eps * model.dualNorm(norm == Norm.LINF));
            assertThat(expected).as("some but not all within reach").isBetween(40, 360);
            var e = AdversarialCheck.run(attack, model, data.images(), data.labels(),
                    PneumoniaFixture.randoms(0, data.size()));
            long broken = e.details().stream().filter(d -> (Boolean) d.get("success")).count();
            assertThat(broken).as(id).isEqualTo(expected);
        }
    }
}
