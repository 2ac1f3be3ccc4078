package org.medrobust.attacks.fault.weights;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.medrobust.attacks.fault.FaultModel.FaultInjection;
import org.medrobust.attacks.fault.PneumoniaFixture;
import org.medrobust.models.Classifier;
import org.medrobust.models.Logits;

/** On pneumonia_cnn (TorchScript): rate 0 is the fault-free model, and corruption grows with the bit error rate. */
class BitErrorRateTest {

    @Test
    void rateZeroGivesTheFaultFreeLogitsBitForBit() {
        try (Classifier model = PneumoniaFixture.torchScript()) {
            float[] clean = model.predict(PneumoniaFixture.images()).values();
            BitErrorRate none = new BitErrorRate(BitErrorRate.ID, 0, 0.0, null, BitOp.FLIP);
            try (FaultInjection fault = none.inject(model, new SplittableRandom(1))) {
                assertThat(fault.sites()).isEmpty();
                assertThat(WeightFaultInjection.bits(model.predict(PneumoniaFixture.images()).values()))
                        .containsExactly(WeightFaultInjection.bits(clean));
            }
        }
    }

    @Test
    void silentCorruptionAndNonFiniteOutputsGrowWithTheRate() {
        try (Classifier model = PneumoniaFixture.torchScript()) {
            Logits clean = model.predict(PneumoniaFixture.images());
            int[] severities = {4, 6, 7}; // 1e-6, 1e-4, 1e-3 over 749,632 bits: 0.75, 75 and 750 flips expected
            double[] changed = new double[severities.length];
            for (int s = 0; s < severities.length; s++) {
                for (int trial = 0; trial < 3; trial++) {
                    try (FaultInjection fault = BitErrorRate.flips(severities[s])
                            .inject(model, new SplittableRandom(1000L * severities[s] + trial))) {
                        changed[s] += changedFraction(clean, model.predict(PneumoniaFixture.images())) / 3;
                    }
                }
            }
            assertThat(changed).isSorted();
            assertThat(changed[2]).isGreaterThan(changed[0] + 0.5);
        }
    }

    /** Samples whose top-1 differs from the fault-free one, NaN or infinite logits counted as differing. */
    private static double changedFraction(Logits clean, Logits faulty) {
        int changed = 0;
        for (int i = 0; i < clean.rows(); i++) {
            changed += faulty.hasNonFinite(i) || faulty.argmax(i) != clean.argmax(i) ? 1 : 0;
        }
        return (double) changed / clean.rows();
    }
}
