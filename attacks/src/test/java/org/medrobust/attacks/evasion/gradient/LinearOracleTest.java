package org.medrobust.attacks.evasion.gradient;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.medrobust.attacks.evasion.AdversarialCheck;
import org.medrobust.attacks.evasion.LinearClassifier;
import org.medrobust.attacks.evasion.Norm;
import org.medrobust.attacks.evasion.PneumoniaFixture;

/**
 * On a linear model the answers are known: FGSM at eps breaks exactly the images with |m| < eps ||w_1 - w_0||_1
 * (it is the optimal L-inf attack there), and PGD-L2 breaks exactly those with |m| < eps ||w_1 - w_0||_2.
 */
class LinearOracleTest {

    private final LinearClassifier model = new LinearClassifier(3);
    private final PneumoniaFixture.Labelled data = model.data(400, 5);

    @Test
    void fgsmBreaksExactlyTheImagesWithinTheLinfDistanceToTheBoundary() {
        double eps = 0.02;
        int expected = brokenWithin(eps * model.dualNorm(true));
        assertThat(expected).as("the test needs some but not all images within reach").isBetween(40, 360);
        double robust = data.robustAccuracy(new Fgsm(1, eps), model, 64);
        assertThat(Math.round((1 - robust) * data.size())).isEqualTo(expected);
    }

    @Test
    void pgdL2BreaksExactlyTheImagesWithinTheL2DistanceToTheBoundary() {
        double eps = 0.1;
        int expected = brokenWithin(eps * model.dualNorm(false));
        assertThat(expected).isBetween(40, 360);
        // the boundary is reached in ceil(distance / alpha) steps; alpha = eps / 4 and 10 steps leave room
        double robust = data.robustAccuracy(new Pgd(Norm.L2, 1, eps, 10, eps / 4, 1, false), model, 64);
        assertThat(Math.round((1 - robust) * data.size())).isEqualTo(expected);
    }

    @Test
    void robustAccuracyIsAtMostCleanNonIncreasingInEpsAndPgdNoWeakerThanFgsm() {
        double previous = 1;
        for (int k = 1; k <= 6; k++) {
            double eps = k * 0.004;
            double fgsm = data.robustAccuracy(new Fgsm(k, eps), model, 64);
            double pgd = data.robustAccuracy(new Pgd(Norm.LINF, k, eps, 10, eps / 4, 2, true), model, 64);
            assertThat(pgd).isLessThanOrEqualTo(fgsm).isLessThanOrEqualTo(previous).isLessThanOrEqualTo(1.0);
            previous = pgd;
        }
        assertThat(previous).isLessThan(0.9);
    }

    @Test
    void brokenImagesLeaveTheBatchSoLaterStepsCostLess() {
        var e = AdversarialCheck.run(new Pgd(Norm.LINF, 1, 0.05, 10, 0.01, 1, false), model, data.images(),
                data.labels(), PneumoniaFixture.randoms(0, data.size()));
        long quick = e.details().stream().filter(d -> (Integer) d.get("queries") < 10).count();
        assertThat(quick).isPositive();
        assertThat(e.details()).allSatisfy(d -> assertThat((Integer) d.get("queries")).isBetween(1, 10));
        assertThat(model.gradientCalls).isEqualTo(10);
    }

    private int brokenWithin(double reach) {
        int count = 0;
        for (int i = 0; i < data.size(); i++) {
            count += Math.abs(model.margin(data.images().data(), i)) < reach ? 1 : 0;
        }
        return count;
    }
}
