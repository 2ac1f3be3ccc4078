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

    @org.junit.jupiter.api.Test
    void reRunningOnlyTheStagesAfterTheFaultGivesTheFullForwardsLogitsBitForBit() {
        ImageBatch images = PhantomData.generate(PhantomSpec.DEFAULT).split(Split.TEST).batch(0, 16);
        try (var model = (org.medrobust.models.djl.DjlClassifier) BuiltinModels.load("cnn_phantom");
             var suffix = model.suffixForward(images)) {
            assertThat(suffix.stages()).isGreaterThan(10);
            var tensors = model.tensors();
            for (int t : new int[] {0, tensors.size() / 2, tensors.size() - 1}) {
                String name = tensors.get(t).name();
                try (FaultInjection fault = new ChosenBitFlip(name, 0, 27).inject(model, new SplittableRandom(0))) {
                    float[] full = model.predict(images).values();
                    assertThat(WeightFaultInjection.bits(suffix.predictAfterChange(name).values()))
                            .as("flip in %s (stage %d)", name, suffix.firstStageOf(name))
                            .containsExactly(WeightFaultInjection.bits(full));
                }
            }
            assertThat(suffix.firstStageOf(tensors.getLast().name())).isGreaterThan(0);
        }
    }

    /**
     * A suffix pass frees its intermediates when it returns: the cache holds as many arrays after three passes as
     * after the fill (they used to pile up in it, about 100 MB per pass of 256 images).
     */
    @org.junit.jupiter.api.Test
    void aSuffixPassLeavesNothingBehindInTheCache() {
        ImageBatch images = PhantomData.generate(PhantomSpec.DEFAULT).split(Split.TEST).batch(0, 4);
        try (var model = (org.medrobust.models.djl.DjlClassifier) BuiltinModels.load("cnn_phantom");
             var suffix = model.suffixForward(images)) {
            int filled = suffix.retainedArrays();
            assertThat(filled).isPositive();
            String name = model.tensors().get(model.tensors().size() / 2).name();
            for (int pass = 0; pass < 3; pass++) {
                suffix.predictAfterChange(name);
            }
            assertThat(suffix.retainedArrays()).isEqualTo(filled);
        }
    }

    /**
     * PyTorch's grad mode is per thread and on by default on every thread but the one that started the engine: a
     * prediction there runs without autograd all the same (seen from inside the forward pass, through an identity
     * activation hook), gives the engine thread's logits bit for bit, and leaves the thread's mode as it found it.
     */
    @org.junit.jupiter.api.Test
    void aPredictionOnAnotherThreadRunsWithoutAutogradAndLeavesItsModeAlone() throws Exception {
        ImageBatch images = PhantomData.generate(PhantomSpec.DEFAULT).split(Split.TEST).batch(0, 4);
        try (var model = (org.medrobust.models.djl.DjlClassifier) BuiltinModels.load("cnn_phantom")) {
            float[] here = model.predict(images).values();
            java.util.List<Boolean> insideForward = new java.util.concurrent.CopyOnWriteArrayList<>();
            model.hook(model.layers().get(2), (layer, values, shape) -> insideForward.add(
                    ai.djl.pytorch.jni.JniUtils.isGradMode()));
            var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
            try {
                Object[] seen = pool.submit(() -> {
                    ai.djl.pytorch.jni.JniUtils.setGradMode(true);
                    float[] there = model.predict(images).values();
                    return new Object[] {there, ai.djl.pytorch.jni.JniUtils.isGradMode()};
                }).get();
                assertThat(insideForward).containsExactly(false);
                assertThat((boolean) seen[1]).as("grad mode after the prediction").isTrue();
                assertThat(WeightFaultInjection.bits((float[]) seen[0])).containsExactly(WeightFaultInjection.bits(here));
            } finally {
                pool.shutdown();
                model.clearHooks();
            }
        }
    }

    /**
     * Every bit of one weight in a middle and in the last residual unit: the suffix pass (with its early exit once a
     * stage's output is fault-free again) gives the full forward pass's logits bit for bit, and the low mantissa bits
     * do take the early exit (their change rounds away), so both paths are checked.
     */
    @org.junit.jupiter.api.Test
    void theEarlyExitOfTheSuffixPassGivesTheFullForwardsLogitsAtEveryBit() {
        ImageBatch images = PhantomData.generate(PhantomSpec.DEFAULT).split(Split.TEST).batch(0, 16);
        try (var model = (org.medrobust.models.djl.DjlClassifier) BuiltinModels.load("cnn_phantom");
             var suffix = model.suffixForward(images)) {
            var tensors = model.tensors();
            for (int t : new int[] {tensors.size() / 2, tensors.size() - 4}) {
                String name = tensors.get(t).name();
                for (int bit = 0; bit < 32; bit++) {
                    try (FaultInjection fault = new ChosenBitFlip(name, 5, bit).inject(model, new SplittableRandom(0))) {
                        float[] full = model.predict(images).values();
                        assertThat(WeightFaultInjection.bits(suffix.predictAfterChange(name).values()))
                                .as("bit %d of %s[5]", bit, name).containsExactly(WeightFaultInjection.bits(full));
                    }
                }
            }
            assertThat(suffix.earlyExits()).isPositive();
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
