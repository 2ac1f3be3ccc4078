package org.medrobust.attacks.fault.quantised;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.medrobust.attacks.fault.FaultModel.FaultInjection;
import org.medrobust.attacks.fault.PneumoniaFixture;
import org.medrobust.attacks.fault.weights.WeightDigest;
import org.medrobust.models.Classifier;
import org.medrobust.models.capability.WritableWeights;

/** On pneumonia_cnn (TorchScript): the int8 model keeps its accuracy, flips land in codes, closing restores float32. */
class Int8BitFlipsTest {

    @Test
    void quantisedModelKeepsItsAccuracyFlipsChangeOneBitOfACodeAndClosingRestoresTheFloatWeights() {
        try (Classifier model = PneumoniaFixture.torchScript()) {
            WritableWeights weights = model.capability(WritableWeights.class).orElseThrow();
            String golden = WeightDigest.sha256(weights);
            double clean = PneumoniaFixture.accuracy(model);
            try (FaultInjection none = new Int8BitFlips(1).inject(model, new SplittableRandom(2))) {
                assertThat(none.sites()).isEmpty();
                assertThat(PneumoniaFixture.accuracy(model)).isCloseTo(clean, org.assertj.core.data.Offset.offset(0.01));
                float[] c1 = weights.read("c1.weight");
                Int8Tensor q = Int8Tensor.quantise(c1);
                assertThat(q.dequantise()).containsExactly(c1); // the model now holds exactly q * scale
            }
            try (FaultInjection fault = new Int8BitFlips(6).inject(model, new SplittableRandom(2))) {
                assertThat(fault.sites()).hasSize(16).allSatisfy(site -> {
                    String[] parts = site.replaceAll(".*int8 bit (\\d) flip \\((-?\\d+) -> (-?\\d+)\\)", "$1 $2 $3")
                            .split(" ");
                    int bit = Integer.parseInt(parts[0]);
                    assertThat((Integer.parseInt(parts[1]) ^ Integer.parseInt(parts[2])) & 0xff).isEqualTo(1 << bit);
                });
            }
            assertThat(WeightDigest.sha256(weights)).isEqualTo(golden);
        }
    }
}
