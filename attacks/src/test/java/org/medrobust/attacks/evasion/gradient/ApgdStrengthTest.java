package org.medrobust.attacks.evasion.gradient;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medrobust.attacks.evasion.AdversarialCheck;
import org.medrobust.attacks.evasion.AutoAttackEnsemble;
import org.medrobust.attacks.evasion.Norm;
import org.medrobust.attacks.evasion.PneumoniaFixture;
import org.medrobust.models.torchscript.TorchScriptClassifier;

/**
 * On the external TorchScript CNN (first 80 test images, 4/255): APGD-CE and APGD-DLR (50 iterations, to keep the
 * default test run short) are no weaker than PGD-20 (step eps/4), and the AutoAttack ensemble no weaker than any of its members, recording who broke each image.
 */
class ApgdStrengthTest {

    private static final int IMAGES = 80;
    private static TorchScriptClassifier model;

    @BeforeAll
    static void load() {
        model = TorchScriptClassifier.load(PneumoniaFixture.file("models/external/pneumonia_cnn.torchscript.pt"),
                PneumoniaFixture.SHAPE, null);
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    @Test
    void apgdIsNoWeakerThanPgdAndTheEnsembleNoWeakerThanApgd() {
        var data = PneumoniaFixture.test().slice(0, IMAGES);
        double eps = 4 / 255.0;
        double pgd = data.robustAccuracy(new Pgd(Norm.LINF, 3, eps, 20, eps / 4, 1, false), model, IMAGES);
        double ce = data.robustAccuracy(new Apgd(Apgd.ID_CE, Norm.LINF, LogitLoss.CROSS_ENTROPY, 3, eps, 50, 1, 1),
                model, IMAGES);
        double dlr = data.robustAccuracy(new Apgd(Apgd.ID_DLR, Norm.LINF, LogitLoss.DLR, 3, eps, 50, 1, 1), model,
                IMAGES);
        var ensemble = AdversarialCheck.run(new AutoAttackEnsemble(3, eps, 50, 300), model, data.images(),
                data.labels(), PneumoniaFixture.randoms(0, IMAGES));
        int survived = 0;
        for (int i = 0; i < IMAGES; i++) {
            Map<String, Object> d = ensemble.details().get(i);
            boolean correct = ensemble.logits().argmax(i) == data.labels()[i];
            survived += correct ? 1 : 0;
            assertThat(d.get("brokenBy")).as("image %d", i).isIn(correct ? new Object[] {"none"}
                    : new Object[] {"clean", "apgd_ce", "apgd_t", "square_linf"});
        }
        double aa = survived / (double) IMAGES;
        System.out.printf("first %d images at 4/255: PGD-20 %.4f, APGD-CE %.4f, APGD-DLR %.4f, AutoAttack %.4f%n",
                IMAGES, pgd, ce, dlr, aa);
        assertThat(ce).isLessThanOrEqualTo(pgd + 1.0 / IMAGES);
        assertThat(dlr).isLessThanOrEqualTo(pgd + 1.0 / IMAGES);
        assertThat(aa).isLessThanOrEqualTo(Math.min(ce, dlr));
    }
}
