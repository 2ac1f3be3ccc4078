package org.medrobust.attacks.evasion.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.medrobust.attacks.evasion.AdversarialCheck;
import org.medrobust.attacks.evasion.EvasionAttack;
import org.medrobust.attacks.evasion.EvasionCatalog;
import org.medrobust.attacks.evasion.LinearClassifier;
import org.medrobust.attacks.evasion.Norm;
import org.medrobust.attacks.evasion.PneumoniaFixture;
import org.medrobust.attacks.evasion.gradient.Pgd;
import org.medrobust.datasets.ImageShape;
import org.medrobust.models.onnx.OnnxClassifier;
import org.medrobust.models.torchscript.TorchScriptClassifier;

/**
 * Square attack L2: its windows are the reference code's, every perturbation has L2 norm eps (the reference rescales
 * delta to eps each step; these images never clip), and on a linear model, whose breakable images are known in
 * closed form (|m| < eps ||w_1 - w_0||_2), it breaks only those, at least all within half that distance (a
 * white-noise linear boundary is Square's worst case: its windows are smooth bumps); on the ONNX CNN it drives
 * robust accuracy far below clean from scores alone.
 */
class SquareAttackL2Test {

    private static final int IMAGES = 80;

    /** nextDouble() = 0: never transposed; -1L: always. */
    private static final RandomGenerator NO_TRANSPOSE = () -> 0L;
    private static final RandomGenerator TRANSPOSE = () -> -1L;

    @Test
    void theWindowsAreTheReferenceCodes() {
        // numpy, square.py pseudo_gaussian_pert_rectangles(2, 5) and meta_pseudo_gaussian_pert(5)
        double[][] rect = SquareAttackL2.rectangles(2, 5);
        double a = 0.0695257999450998;
        double b = 0.22595884982157438;
        assertRows(rect, new double[][] {{a, b, b, b, a}, {a, b, 0.8516910493274727, b, a}});
        double c = 0.04916216460859937;
        double d = 0.15977703497794796;
        double e = -0.0455901517673034;
        double f = -0.14816799324373606;
        double[][] meta = {{c, d, d, d, c}, {c, d, 0.6022365164553424, d, c}, {e, f, f, f, e},
                {e, f, -0.5584793591494667, f, e}, {e, f, f, f, e}};
        assertRows(SquareAttackL2.window(5, NO_TRANSPOSE), meta);
        double[][] transposed = new double[5][5];
        for (int r = 0; r < 5; r++) {
            for (int q = 0; q < 5; q++) {
                transposed[q][r] = meta[r][q];
            }
        }
        assertRows(SquareAttackL2.window(5, TRANSPOSE), transposed);
    }

    @Test
    void onALinearModelItBreaksOnlyBreakableImagesAndMostOfThemWithNormExactlyEps() {
        LinearClassifier model = new LinearClassifier(7, new ImageShape(1, 16, 16));
        var data = model.data(200, 11);
        double[] distance = new double[data.size()];
        for (int i = 0; i < data.size(); i++) {
            distance[i] = Math.abs(model.margin(data.images().data(), i)) / model.dualNorm(false);
        }
        double eps = java.util.Arrays.stream(distance).sorted().toArray()[data.size() / 2]; // half within reach
        double reach = eps * model.dualNorm(false);
        int breakable = model.withinReach(data, reach);
        int easy = model.withinReach(data, reach / 2);
        assertThat(breakable).as("some but not all images within reach").isBetween(40, 160);
        var e = AdversarialCheck.run(new SquareAttackL2(1, eps, 1000, 0.8), model, data.images(), data.labels(),
                PneumoniaFixture.randoms(0, data.size()));
        int broken = 0;
        int stride = model.inputShape().pixels();
        for (int i = 0; i < data.size(); i++) {
            boolean success = (Boolean) e.details().get(i).get("success");
            broken += success ? 1 : 0;
            assertThat(Norm.l2(e.inputs().data(), data.images().data(), i * stride, stride)).as("image %d", i)
                    .isCloseTo(eps, within(1e-5));
        }
        System.out.printf("Square-L2 on a linear model, eps %.3f: %d broken of %d breakable (%d within half the "
                + "distance)%n", eps, broken, breakable, easy);
        assertThat(broken).isLessThanOrEqualTo(breakable).isGreaterThanOrEqualTo(easy);
    }

    @Test
    void onTheOnnxCnnItBreaksMostImagesFromScoresAlone() {
        var data = PneumoniaFixture.test().slice(0, IMAGES);
        double eps = 0.5;
        try (OnnxClassifier onnx = OnnxClassifier.load(PneumoniaFixture.file("models/external/pneumonia_cnn.onnx"),
                null, null);
                TorchScriptClassifier ts = TorchScriptClassifier.load(
                        PneumoniaFixture.file("models/external/pneumonia_cnn.torchscript.pt"), PneumoniaFixture.SHAPE,
                        null)) {
            var logits = onnx.predict(data.images());
            int correct = 0;
            for (int i = 0; i < IMAGES; i++) {
                correct += logits.argmax(i) == data.labels()[i] ? 1 : 0;
            }
            double clean = correct / (double) IMAGES;
            double pgd = data.robustAccuracy(new Pgd(Norm.L2, 1, eps, 10, eps / 4, 1, false), ts, IMAGES);
            double square = data.robustAccuracy(new SquareAttackL2(1, eps, 500, 0.8), onnx, IMAGES);
            System.out.printf("first %d images at L2 %.2f: clean %.4f, PGD-L2-10 (TorchScript) %.4f, Square-L2-500 "
                    + "(ONNX) %.4f%n", IMAGES, eps, clean, pgd, square);
            // measured: clean 0.9000, PGD-L2-10 0.1750, Square-L2-500 0.5875 (white-box stays stronger here)
            assertThat(square).isLessThan(clean - 0.2).isGreaterThanOrEqualTo(pgd);
        }
    }

    @Test
    void theCatalogOffersItOnTheL2LadderWithItsParametersRecorded() {
        List<EvasionAttack> attacks = EvasionCatalog.resolve(SquareAttackL2.ID, List.of(), java.util.Map.of(
                "queries", 300));
        assertThat(attacks).extracting(a -> a.threatModel().eps()).containsExactlyElementsOf(EvasionCatalog.L2_LADDER);
        assertThat(attacks.getFirst().parameters()).containsEntry("norm", "L2").containsEntry("queryBudget", 300)
                .containsEntry("pInit", 0.8).containsKey("pSchedule").containsKey("source");
        assertThat(attacks.getFirst().requiredCapabilities()).isEmpty();
    }

    private static void assertRows(double[][] actual, double[][] expected) {
        assertThat(actual.length).isEqualTo(expected.length);
        for (int r = 0; r < expected.length; r++) {
            for (int q = 0; q < expected[r].length; q++) {
                assertThat(actual[r][q]).as("(%d, %d)", r, q).isCloseTo(expected[r][q], within(1e-12));
            }
        }
    }
}
