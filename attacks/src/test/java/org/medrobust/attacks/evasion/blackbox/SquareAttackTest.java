package org.medrobust.attacks.evasion.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.medrobust.attacks.evasion.AdversarialCheck;
import org.medrobust.attacks.evasion.PneumoniaFixture;
import org.medrobust.attacks.evasion.gradient.Fgsm;
import org.medrobust.models.onnx.OnnxClassifier;
import org.medrobust.models.torchscript.TorchScriptClassifier;

/**
 * Square attack, scores only, on the ONNX export of the external CNN: at 8/255 it leaves far fewer images correct
 * than FGSM does with the gradients of the same network (its TorchScript export), and never more than clean.
 * Measured on these 160 images: clean 0.875, FGSM 0.250, Square with 1,000 queries 0.175 (PyTorch PGD-50 with
 * step eps/8: 0.094).
 */
class SquareAttackTest {

    private static final int IMAGES = 160;

    @Test
    void onTheOnnxCnnSquareBeatsFgsmWithTheSameNetworksGradients() {
        var data = PneumoniaFixture.test().slice(0, IMAGES);
        double eps = 8 / 255.0;
        try (OnnxClassifier onnx = OnnxClassifier.load(PneumoniaFixture.file("models/external/pneumonia_cnn.onnx"), null, null);
                TorchScriptClassifier ts = TorchScriptClassifier.load(
                        PneumoniaFixture.file("models/external/pneumonia_cnn.torchscript.pt"), PneumoniaFixture.SHAPE, null)) {
            double clean = correct(onnx, data) / (double) IMAGES;
            double fgsm = data.robustAccuracy(new Fgsm(4, eps), ts, IMAGES);
            var square = AdversarialCheck.run(new SquareAttack(4, eps, 1000, 0.8), onnx, data.images(), data.labels(),
                    PneumoniaFixture.randoms(0, IMAGES));
            int survived = 0;
            for (int i = 0; i < IMAGES; i++) {
                survived += square.logits().argmax(i) == data.labels()[i] ? 1 : 0;
                assertThat((Integer) square.details().get(i).get("queries")).isBetween(1, 1000);
            }
            double robust = survived / (double) IMAGES;
            System.out.printf("first %d images at 8/255: clean %.4f, FGSM (TorchScript) %.4f, Square-1000 (ONNX) %.4f%n",
                    IMAGES, clean, fgsm, robust);
            assertThat(robust).isLessThanOrEqualTo(clean).isLessThan(fgsm - 0.05);
        }
    }

    @Test
    void theSquareSizeScheduleIsTheReferenceOne() {
        assertThat(SquareAttack.fraction(0.8, 0, 10000)).isEqualTo(0.8);
        assertThat(SquareAttack.fraction(0.8, 11, 10000)).isEqualTo(0.4);
        assertThat(SquareAttack.fraction(0.8, 300, 10000)).isEqualTo(0.1);
        assertThat(SquareAttack.fraction(0.8, 9000, 10000)).isEqualTo(0.8 / 512);
        assertThat(SquareAttack.fraction(0.8, 250, 5000)).isEqualTo(0.8 / 8); // 500 of 10,000
    }

    private static int correct(OnnxClassifier model, PneumoniaFixture.Labelled data) {
        var logits = model.predict(data.images());
        int c = 0;
        for (int i = 0; i < data.size(); i++) {
            c += logits.argmax(i) == data.labels()[i] ? 1 : 0;
        }
        return c;
    }
}
