package org.medrobust.attacks.fault.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.medrobust.attacks.fault.FaultModel.FaultInjection;
import org.medrobust.attacks.fault.PneumoniaFixture;
import org.medrobust.models.Classifier;
import org.medrobust.models.capability.WritableWeights;

/**
 * The oracle, from PyTorch: bit 30 of c1.weight[80] of pneumonia_cnn (-0.434064, its first convolution's
 * largest-magnitude weight) becomes about -1.477e38, and test accuracy falls from 0.8814 to 0.3766; flipping back
 * restores it. Both exported files must reproduce it exactly, and the weights must hash as before.
 */
class ChosenBitFlipTest {

    private static final double CLEAN = 550 / 624.0;    // 0.8814 in PyTorch
    private static final double FLIPPED = 235 / 624.0;  // 0.3766 in PyTorch

    @Test
    void torchScriptReproducesPyTorch() {
        reproduces(PneumoniaFixture::torchScript);
    }

    @Test
    void onnxReproducesPyTorch() {
        reproduces(PneumoniaFixture::onnx);
    }

    private static void reproduces(Supplier<Classifier> load) {
        try (Classifier model = load.get()) {
            WritableWeights weights = model.capability(WritableWeights.class).orElseThrow();
            String golden = WeightDigest.sha256(weights);
            float before = weights.read("c1.weight")[80];
            assertThat(before).isCloseTo(-0.434064f, within(1e-6f));
            assertThat(PneumoniaFixture.accuracy(model)).isEqualTo(CLEAN);

            try (FaultInjection fault = new ChosenBitFlip("c1.weight", 80, 30).inject(model, new SplittableRandom(1))) {
                float after = weights.read("c1.weight")[80];
                // exactly bit 30 changed, nothing else
                assertThat(Float.floatToRawIntBits(after) ^ Float.floatToRawIntBits(before)).isEqualTo(1 << 30);
                assertThat((double) after).isCloseTo(-1.477e38, within(0.001e38));
                assertThat(fault.sites()).singleElement().asString().startsWith("c1.weight[80] bit 30 flip");
                assertThat(WeightDigest.sha256(weights)).isNotEqualTo(golden);
                assertThat(PneumoniaFixture.accuracy(model)).isEqualTo(FLIPPED);
            }
            assertThat(WeightDigest.sha256(weights)).isEqualTo(golden);
            assertThat(PneumoniaFixture.accuracy(model)).isEqualTo(CLEAN);
        }
    }
}
