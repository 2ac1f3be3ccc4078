package org.medrobust.attacks.evasion.gradient;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.medrobust.attacks.evasion.AdversarialCheck;
import org.medrobust.attacks.evasion.LinearClassifier;
import org.medrobust.attacks.evasion.Norm;
import org.medrobust.attacks.evasion.PneumoniaFixture;

/**
 * On a linear model the minimal L2 perturbation is |m| / ||w_1 - w_0||_2: C&W breaks every image at a distance no
 * smaller than that and, with its binary search, not much larger (within 25 % for most images).
 */
class CarliniWagnerL2Test {

    @Test
    void findsNearMinimalL2PerturbationsOnALinearModel() {
        LinearClassifier model = new LinearClassifier(3);
        var data = model.data(30, 9);
        var e = AdversarialCheck.run(new CarliniWagnerL2(6, 100, 0.1, 0), model, data.images(), data.labels(),
                PneumoniaFixture.randoms(0, data.size()));
        int stride = LinearClassifier.SHAPE.pixels();
        int close = 0;
        for (int i = 0; i < data.size(); i++) {
            assertThat(e.details().get(i)).containsEntry("success", true);
            double minimal = Math.abs(model.margin(data.images().data(), i)) / model.dualNorm(false);
            double found = Norm.l2(e.inputs().data(), data.images().data(), i * stride, stride);
            assertThat(found).isGreaterThanOrEqualTo(minimal * (1 - 1e-3));
            close += found <= 1.25 * minimal + 1e-3 ? 1 : 0;
        }
        assertThat(close).isGreaterThanOrEqualTo(24);
    }
}
