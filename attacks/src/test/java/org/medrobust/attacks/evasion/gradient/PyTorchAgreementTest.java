package org.medrobust.attacks.evasion.gradient;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medrobust.attacks.evasion.Norm;
import org.medrobust.attacks.evasion.PneumoniaFixture;
import org.medrobust.models.torchscript.TorchScriptClassifier;

/**
 * Proof of strength against an independent implementation: FGSM and PGD-20 L-inf (step eps/4, no random start) at
 * 1/255, 2/255 and 4/255 on the external TorchScript CNN over the whole PneumoniaMNIST test split agree with
 * PyTorch's own autograd (pytorch_reference.py next to its output pytorch_reference.txt) within 1.5 points of robust
 * accuracy.
 */
class PyTorchAgreementTest {

    private static final double TOLERANCE = 0.015;
    private static TorchScriptClassifier model;
    private static Properties reference;

    @BeforeAll
    static void load() throws IOException {
        model = TorchScriptClassifier.load(PneumoniaFixture.file("models/external/pneumonia_cnn.torchscript.pt"),
                PneumoniaFixture.SHAPE, null);
        reference = new Properties();
        try (InputStream in = PyTorchAgreementTest.class.getResourceAsStream(
                "/org/medrobust/attacks/evasion/pytorch_reference.txt")) {
            reference.load(in);
        }
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    @Test
    void fgsmAndPgdAgreeWithPyTorchAndPgdIsNoWeaker() {
        var test = PneumoniaFixture.test();
        double previousPgd = 1;
        for (int k : new int[] {1, 2, 4}) {
            double eps = k / 255f; // the reference's float32 eps
            double fgsm = test.robustAccuracy(new Fgsm(k, eps), model, 128);
            double pgd = test.robustAccuracy(new Pgd(Norm.LINF, k, eps, 20, eps / 4, 1, false), model, 128);
            System.out.printf("eps %d/255: FGSM %.4f (PyTorch %.4f), PGD-20 %.4f (PyTorch %.4f)%n", k, fgsm,
                    expected("fgsm_" + k), pgd, expected("pgd20_" + k));
            assertThat(fgsm).as("FGSM at %d/255", k).isCloseTo(expected("fgsm_" + k), within());
            assertThat(pgd).as("PGD-20 at %d/255", k).isCloseTo(expected("pgd20_" + k), within())
                    .isLessThanOrEqualTo(fgsm).isLessThanOrEqualTo(previousPgd);
            previousPgd = pgd;
        }
    }

    private static double expected(String key) {
        return Double.parseDouble(reference.getProperty(key).strip());
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(TOLERANCE);
    }
}
