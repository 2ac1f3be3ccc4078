package org.medrobust.attacks.fault.activations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.medrobust.attacks.fault.FaultModel.FaultInjection;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.phantom.PhantomData;
import org.medrobust.datasets.phantom.PhantomSpec;
import org.medrobust.models.Classifier;
import org.medrobust.models.capability.ActivationHooks;
import org.medrobust.models.zoo.BuiltinModels;

/**
 * Activation faults on the zoo ResNet: hooks that change nothing give the plain forward pass's logits bit for bit; a
 * flip in the last layer's output (the logits themselves) inverts exactly bit 30 of one logit per sample, at the same
 * class in every sample, and nothing else; a flip in a middle layer changes the logits; closing gives the fault-free
 * logits back; a layer beyond the model is not applicable, with the reason.
 */
class ActivationBitFlipTest {

    @Test
    void flipsLandInExactlyTheRequestedBitOfEverySampleAndCloseRestores() {
        ImageBatch images = PhantomData.generate(PhantomSpec.DEFAULT).split(Split.TEST).batch(0, 8);
        try (Classifier model = BuiltinModels.load("cnn_phantom")) {
            ActivationHooks hooks = model.capability(ActivationHooks.class).orElseThrow();
            int layers = hooks.layers().size();
            assertThat(layers).isGreaterThan(10);
            int[] clean = bits(model.predict(images).values());
            hooks.layers().forEach(layer -> hooks.hook(layer, (at, values, shape) -> { }));
            assertThat(bits(model.predict(images).values())).containsExactly(clean);
            hooks.clearHooks();

            int classes = model.classNames().size();
            try (FaultInjection fault = ActivationBitFlip.msbOfLayer(layers).inject(model, new SplittableRandom(5))) {
                int[] faulty = bits(model.predict(images).values());
                int changedClass = -1;
                for (int i = 0; i < clean.length; i++) {
                    if (faulty[i] != clean[i]) {
                        assertThat(faulty[i] ^ clean[i]).as("value %d", i).isEqualTo(1 << 30);
                        changedClass = changedClass < 0 ? i % classes : changedClass;
                        assertThat(i % classes).isEqualTo(changedClass);
                    }
                }
                for (int row = 0; row < images.size(); row++) {
                    assertThat(faulty[row * classes + changedClass] ^ clean[row * classes + changedClass])
                            .isEqualTo(1 << 30);
                }
                assertThat(fault.sites()).singleElement().asString().contains("bit 30");
            }
            assertThat(bits(model.predict(images).values())).containsExactly(clean);

            try (FaultInjection fault = ActivationBitFlip.msbOfLayer(layers / 2).inject(model, new SplittableRandom(5))) {
                assertThat(bits(model.predict(images).values())).isNotEqualTo(clean);
            }
            assertThat(bits(model.predict(images).values())).containsExactly(clean);
            assertThat(ActivationBitFlip.msbOfLayer(layers + 1).notApplicable(model)).get().asString()
                    .contains("has " + layers + " hookable layer(s)");
        }
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
