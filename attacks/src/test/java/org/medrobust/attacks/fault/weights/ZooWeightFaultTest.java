package org.medrobust.attacks.fault.weights;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medrobust.attacks.fault.FaultModel.FaultInjection;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.phantom.PhantomData;
import org.medrobust.datasets.phantom.PhantomSpec;
import org.medrobust.models.Classifier;
import org.medrobust.models.capability.WritableWeights;
import org.medrobust.models.zoo.BuiltinModels;

/**
 * The DJL zoo models take weight faults in place: an exponent flip in the first tensor changes the logits, and
 * removing it gives back the very same logits and weight hash (no cached copy of a weight survives a write).
 */
class ZooWeightFaultTest {

    @ParameterizedTest
    @ValueSource(strings = {"cnn_phantom", "medmamba_phantom"})
    void aFlipChangesTheLogitsAndRemovingItRestoresThemBitForBit(String id) {
        Dataset test = PhantomData.generate(PhantomSpec.DEFAULT).split(Split.TEST);
        ImageBatch images = test.batch(0, 8);
        try (Classifier model = BuiltinModels.load(id)) {
            WritableWeights weights = model.capability(WritableWeights.class).orElseThrow();
            assertThat(weights.tensors()).isNotEmpty();
            String golden = WeightDigest.sha256(weights);
            float[] before = model.predict(images).values();
            String first = weights.tensors().getFirst().name();
            int largest = largestMagnitude(weights.read(first));
            try (FaultInjection fault = new ChosenBitFlip(first, largest, 30).inject(model, new SplittableRandom(0))) {
                assertThat(Arrays.equals(model.predict(images).values(), before)).isFalse();
            }
            assertThat(WeightDigest.sha256(weights)).isEqualTo(golden);
            assertThat(WeightFaultInjection.bits(model.predict(images).values()))
                    .containsExactly(WeightFaultInjection.bits(before));
        }
    }

    /** A weight below 2 in magnitude whose bit 30 is 0, so the flip makes it huge (the largest, for a sure effect). */
    private static int largestMagnitude(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            best = Math.abs(values[i]) > Math.abs(values[best]) ? i : best;
        }
        return best;
    }
}
