package org.medrobust.models.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.ImageShape;
import org.medrobust.models.Classifier;
import org.medrobust.models.Logits;
import org.medrobust.models.capability.InputGradients;
import org.medrobust.models.capability.WritableWeights;
import org.medrobust.models.testing.FixedIdentityClassifier;

class RangeScaledClassifierTest {

    private static final ImageShape SHAPE = new ImageShape(1, 1, 2);
    private static final ImageBatch BATCH = new ImageBatch(SHAPE, 1, new float[] {0.2f, 1f});

    @Test
    void theModelSeesPixelsInItsOwnRange() {
        Recording model = new Recording();
        Classifier scaled = RangeScaledClassifier.wrap(model, new ValueRange(0, 255));
        scaled.predict(BATCH);
        assertThat(model.seen).containsExactly(51f, 255f);
    }

    @Test
    void gradientsComeBackWithRespectToUnitPixels() {
        Recording model = new Recording();
        InputGradients scaled = RangeScaledClassifier.wrap(model, new ValueRange(0, 255))
                .capability(InputGradients.class).orElseThrow();
        InputGradients.LossGradient result = scaled.lossGradient(BATCH, new int[] {0});
        // the model's gradient is (1, -2) per model-range pixel: d/dx01 = 255 * d/dx255
        assertThat(result.inputGradient()).containsExactly(255f, -510f);
        assertThat(model.seen).containsExactly(51f, 255f);
        assertThat(result.logits().values()).containsExactly(51f - 2 * 255f, 0f);
        InputGradients.LossGradient seeded = scaled.logitGradient(BATCH, logits -> new float[] {0.5f, 3f});
        assertThat(seeded.inputGradient()).containsExactly(0.5f * 255f, -255f);
        assertThat(seeded.logits().values()).containsExactly(51f - 2 * 255f, 0f);
    }

    @Test
    void aUnitRangeIsNoWrapperAndOtherCapabilitiesPassThrough() {
        Recording model = new Recording();
        assertThat(RangeScaledClassifier.wrap(model, ValueRange.UNIT)).isSameAs(model);
        Classifier scaled = RangeScaledClassifier.wrap(model, new ValueRange(-1, 1));
        assertThat(scaled.capability(WritableWeights.class)).isEmpty();
        assertThat(scaled.id()).isEqualTo("recording");
        assertThat(scaled.classNames()).containsExactly("a", "b");
    }

    /** logits (x0 - 2 x1, 0); remembers the pixels it was given. */
    private static final class Recording extends FixedIdentityClassifier implements InputGradients {
        float[] seen;

        Recording() {
            super("recording", "test", "0".repeat(64), SHAPE, List.of("a", "b"));
        }

        @Override
        public Logits predict(ImageBatch batch) {
            seen = batch.data().clone();
            return new Logits(1, 2, new float[] {seen[0] - 2 * seen[1], 0f});
        }

        @Override
        public LossGradient lossGradient(ImageBatch batch, int[] labels) {
            return new LossGradient(predict(batch), new float[] {1f, -2f});
        }

        /** d(seed_0 z_0 + seed_1 z_1)/dx = seed_0 (1, -2). */
        @Override
        public LossGradient logitGradient(ImageBatch batch, LogitSeed seed) {
            Logits logits = predict(batch);
            float s0 = seed.of(logits)[0];
            return new LossGradient(logits, new float[] {s0, -2 * s0});
        }
    }
}
