package org.medrobust.models.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medrobust.models.djl.SuffixForwardTest.bits;

import org.junit.jupiter.api.Test;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.phantom.PhantomData;
import org.medrobust.datasets.phantom.PhantomSpec;
import org.medrobust.models.capability.IncrementalPrediction;
import org.medrobust.models.zoo.BuiltinModels;

/**
 * The campaign path ({@link IncrementalPrediction}) against {@code predict} with the same weights, bit for bit: a
 * batch is cached on its second offer; a fault written after that is predicted from the cache; a weight changed
 * behind the cache's back (no offer in between: a stale prefix if it went unnoticed) is found by the bit-for-bit
 * weight comparison; an activation hook (which acts inside the pass) makes it fall back to the full pass.
 */
class ActivationCacheTest {

    @Test
    void predictionsFromTheCacheEqualTheFullPassWhateverChangedSinceItWasFilled() {
        ImageBatch images = PhantomData.generate(PhantomSpec.DEFAULT).split(Split.TEST).batch(0, 6);
        try (var model = (DjlClassifier) BuiltinModels.load("vit_phantom")) {
            IncrementalPrediction incremental = model.capability(IncrementalPrediction.class).orElseThrow();
            int[] clean = bits(model.predict(images).values());
            incremental.cacheActivations(images);
            assertThat(model.activationsCachedBytes()).as("after one offer").isZero();
            incremental.cacheActivations(images);
            assertThat(model.activationsCachedBytes()).as("after the second offer").isPositive();

            var tensors = model.tensors();
            String late = tensors.get(tensors.size() - 6).name();
            String early = tensors.get(3).name();
            float[] lateGolden = model.read(late);
            model.write(late, flipped(lateGolden, 7, 23));
            int[] lateFault = bits(model.predict(images).values());
            assertThat(lateFault).isNotEqualTo(clean);
            assertThat(bits(incremental.predictIncrementally(images).values())).containsExactly(lateFault);

            // an earlier tensor changed too, without an offer: restarting at the late tensor's step would be stale
            float[] earlyGolden = model.read(early);
            model.write(early, flipped(earlyGolden, 2, 23));
            int[] both = bits(model.predict(images).values());
            assertThat(both).isNotEqualTo(lateFault);
            assertThat(bits(incremental.predictIncrementally(images).values())).containsExactly(both);

            model.write(late, lateGolden);
            model.write(early, earlyGolden);
            assertThat(bits(incremental.predictIncrementally(images).values())).containsExactly(clean);

            model.hook(model.pointsInsideBlocks().getFirst(), (layer, values, shape) -> values[0] = 1e6f);
            try {
                int[] hooked = bits(model.predict(images).values());
                assertThat(hooked).isNotEqualTo(clean);
                assertThat(bits(incremental.predictIncrementally(images).values())).containsExactly(hooked);
            } finally {
                model.clearHooks();
            }
        }
    }

    /** One model holds cached activations at a time: filling another's empties the first's. */
    @Test
    void fillingAnotherModelsCacheEmptiesTheFirst() {
        ImageBatch images = PhantomData.generate(PhantomSpec.DEFAULT).split(Split.TEST).batch(0, 2);
        try (var first = (DjlClassifier) BuiltinModels.load("cnn_phantom");
             var second = (DjlClassifier) BuiltinModels.load("cnn_phantom")) {
            first.cacheActivations(images);
            first.cacheActivations(images);
            assertThat(first.activationsCachedBytes()).isPositive();
            second.cacheActivations(images);
            second.cacheActivations(images);
            assertThat(second.activationsCachedBytes()).isPositive();
            assertThat(first.activationsCachedBytes()).isZero();
            assertThat(bits(first.predictIncrementally(images).values()))
                    .containsExactly(bits(first.predict(images).values()));
        }
    }

    private static float[] flipped(float[] values, int index, int bit) {
        float[] copy = values.clone();
        copy[index] = Float.intBitsToFloat(Float.floatToRawIntBits(copy[index]) ^ (1 << bit));
        return copy;
    }
}
