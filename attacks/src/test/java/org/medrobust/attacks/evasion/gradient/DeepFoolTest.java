package org.medrobust.attacks.evasion.gradient;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.medrobust.attacks.evasion.AdversarialCheck;
import org.medrobust.attacks.evasion.EvasionCatalog;
import org.medrobust.attacks.evasion.LinearClassifier;
import org.medrobust.attacks.evasion.Norm;
import org.medrobust.attacks.evasion.PneumoniaFixture;

/**
 * On a linear model DeepFool finds the exact minimal perturbation in one step: L2 (|m| + 1e-4) / ||w||_2 and
 * L-inf (|m| + 1e-4) / ||w||_1, times 1 + overshoot, for the margin m and w = w_1 - w_0.
 */
class DeepFoolTest {

    private final LinearClassifier model = new LinearClassifier(3);
    private final PneumoniaFixture.Labelled data = model.data(50, 9);

    @Test
    void l2AndLinfPerturbationsAreTheClosedFormMinimalOnes() {
        for (Norm norm : Norm.values()) {
            var e = AdversarialCheck.run(new DeepFool(norm, 50, 0.02), model, data.images(), data.labels(),
                    PneumoniaFixture.randoms(0, data.size()));
            int stride = LinearClassifier.SHAPE.pixels();
            int exact = 0;
            for (int i = 0; i < data.size(); i++) {
                assertThat(e.details().get(i)).as("image %d, %s", i, norm).containsEntry("success", true);
                double minimal = 1.02 * (Math.abs(model.margin(data.images().data(), i)) + 1e-4)
                        / model.dualNorm(norm == Norm.LINF);
                double size = norm.size(e.inputs().data(), data.images().data(), i * stride, stride);
                // clipping at 0 or 1 can make it take a second step; the first one is exact
                if ((Integer) e.details().get(i).get("steps") == 1) {
                    assertThat(size).isCloseTo(minimal, Offset.offset(1e-5 + 1e-4 * minimal));
                    exact++;
                }
            }
            assertThat(exact).isGreaterThan(45);
        }
    }

    @Test
    void theCatalogGivesOneUnboundedScenarioPerNorm() {
        var attacks = EvasionCatalog.resolve("deepfool_l2", java.util.List.of(), java.util.Map.of("overshoot", 0.05));
        assertThat(attacks).hasSize(1);
        assertThat(attacks.getFirst().severity()).isZero();
        assertThat(attacks.getFirst().parameters()).containsEntry("eps", "unbounded (minimal perturbation)")
                .containsEntry("overshoot", 0.05).containsEntry("norm", "L2");
    }
}
