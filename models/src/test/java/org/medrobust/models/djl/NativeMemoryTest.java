package org.medrobust.models.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medrobust.models.djl.SuffixForwardTest.bits;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.phantom.PhantomData;
import org.medrobust.datasets.phantom.PhantomSpec;
import org.medrobust.models.zoo.BuiltinModels;

/**
 * Native memory a pass keeps (docs/default-campaign.md, "Memory"). Oracles: DJL's own array count (every array the
 * engine holds is managed by its system manager) and the plain one-scope forward pass, bit for bit.
 */
class NativeMemoryTest {

    private static final ImageBatch IMAGES = PhantomData.generate(PhantomSpec.DEFAULT).split(Split.TEST).batch(0, 6);

    /**
     * A gradient call leaves no array behind, in its own model or in another loaded one: DJL's
     * {@code GradientCollector.zeroGradients()} left two per parameter per call (zeros of the parameter's size where
     * it had no gradient buffer yet, as every parameter of the other model here, and new handles where it had one).
     */
    @Test
    void gradientCallsLeaveNoArraysBehind() {
        try (var cnn = (DjlClassifier) BuiltinModels.load("cnn_phantom");
             var vit = (DjlClassifier) BuiltinModels.load("vit_phantom")) {
            int[] labels = new int[IMAGES.size()];
            cnn.lossGradient(IMAGES, labels);
            int before = engineArrays();
            for (int i = 0; i < 3; i++) {
                cnn.lossGradient(IMAGES, labels);
                vit.lossGradient(IMAGES, labels);
            }
            assertThat(engineArrays()).as("arrays after six more gradient calls").isEqualTo(before);
        }
    }

    /** The zeroing still happens: PyTorch accumulates, so without it the gradient of sum(2x) would be 2, 4, 6. */
    @Test
    void everyGradientCallStartsFromZeroGradients() {
        try (NDManager manager = DjlRuntime.ensureOfflineEngine().newBaseManager()) {
            NDArray x = manager.create(new float[] {1f, -2f, 3f});
            x.setRequiresGradient(true);
            for (int call = 0; call < 3; call++) {
                float[] gradient = DjlRuntime.withGradients(collector -> {
                    collector.backward(x.mul(2f).sum());
                    try (NDArray g = x.getGradient()) {
                        return g.toFloatArray();
                    }
                });
                assertThat(gradient).as("call %d", call).containsExactly(2f, 2f, 2f);
            }
        }
    }

    /**
     * {@code predict} runs the forward pass step by step: the logits of the plain one-scope pass bit for bit, and at
     * its end the pass holds its output only instead of every intermediate of the network.
     */
    @ParameterizedTest
    @ValueSource(strings = {"cnn_phantom", "vit_phantom", "vim_phantom", "vmamba_phantom", "medmamba_phantom"})
    void predictionsFreeEachStepsIntermediatesAndGiveTheOneScopeLogits(String id) {
        try (var model = (DjlClassifier) BuiltinModels.load(id)) {
            int[] plainHeld = new int[1];
            int[] stepwiseHeld = new int[1];
            int[] plain = bits(model.predictInOneScope(IMAGES, plainHeld).values());
            assertThat(bits(model.predictStepwise(IMAGES, stepwiseHeld).values())).containsExactly(plain);
            assertThat(bits(model.predict(IMAGES).values())).containsExactly(plain);
            assertThat(stepwiseHeld[0]).as("arrays the stepwise pass holds at its end").isEqualTo(1);
            assertThat(plainHeld[0]).as("arrays the one-scope pass holds at its end").isGreaterThan(20);
        }
    }

    private static int engineArrays() {
        try (NDManager base = DjlRuntime.ensureOfflineEngine().newBaseManager()) {
            return base.getParentManager().getManagedArrays().size();
        }
    }
}
