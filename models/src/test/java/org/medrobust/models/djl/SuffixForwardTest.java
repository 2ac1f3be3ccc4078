package org.medrobust.models.djl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.phantom.PhantomData;
import org.medrobust.datasets.phantom.PhantomSpec;
import org.medrobust.models.capability.WritableWeights.WeightTensor;
import org.medrobust.models.zoo.BuiltinModels;

/**
 * The suffix pass against the full forward pass, bit for bit (the oracle: the plain {@code predict} with the same
 * weights). For every weight tensor of the ViT (16-24 spread from the first to the head for the CNN and two Mamba
 * models, whose blocks are one step each), from the patch embedding or stem to the head, one seeded weight
 * gets its exponent's lowest bit flipped (the value doubles or halves, so the logits change without overflowing):
 * the suffix pass must give the full pass's raw logit bits. The test must be able to fail: restarting one step late
 * (the cached fault-free input of the step after the one reading the tensor, i.e. a stale prefix) must give the
 * fault-free logits, which differ from the full pass's wherever the flip changed them, and most flips do.
 */
class SuffixForwardTest {

    /** @param sample tensors checked, evenly spread from the first to the last (0: every tensor) */
    @ParameterizedTest
    @CsvSource({"vit_phantom, 0", "cnn_phantom, 24", "vim_phantom, 8", "medmamba_phantom, 16"})
    void everyTensorsFlipGivesTheFullForwardsLogitsAndARestartOneStepLateDoesNot(String id, int sample) {
        ImageBatch images = PhantomData.generate(PhantomSpec.DEFAULT).split(Split.TEST).batch(0, 8);
        try (var model = (DjlClassifier) BuiltinModels.load(id); var suffix = model.suffixForward(images)) {
            int[] clean = bits(model.predict(images).values());
            assertThat(bits(suffix.clean().values())).containsExactly(clean);
            SplittableRandom random = new SplittableRandom(12);
            int changed = 0;
            int staleCaught = 0;
            List<WeightTensor> tensors = spread(model.tensors(), sample);
            for (WeightTensor tensor : tensors) {
                String name = tensor.name();
                float[] golden = model.read(name);
                float[] faulty = golden.clone();
                int index = random.nextInt(golden.length);
                faulty[index] = Float.intBitsToFloat(Float.floatToRawIntBits(golden[index]) ^ (1 << 23));
                model.write(name, faulty);
                try {
                    int[] full = bits(model.predict(images).values());
                    assertThat(bits(suffix.predictAfterChange(name).values())).as("flip in %s[%d] (step %d)", name,
                            index, suffix.firstStageOf(name)).containsExactly(full);
                    if (!java.util.Arrays.equals(full, clean)) {
                        changed++;
                        int late = suffix.firstStageOf(name) + 1;
                        if (late < suffix.stages()) {
                            int[] stale = bits(suffix.suffixFrom(late).values());
                            assertThat(stale).as("restart after %s's step", name).containsExactly(clean);
                            staleCaught++;
                        }
                    }
                } finally {
                    model.write(name, golden);
                }
            }
            assertThat(bits(model.predict(images).values())).containsExactly(clean);
            assertThat(changed).as("flips that changed the logits, of %d tensors", tensors.size())
                    .isGreaterThan(tensors.size() / 2);
            assertThat(staleCaught).isGreaterThan(tensors.size() / 3);
        }
    }

    /**
     * The ViT's encoder blocks are cut into 7 steps each: attention norm, key, query (with scores and softmax), value
     * (with P V and the head merge), output projection, MLP hidden layer, MLP output.
     */
    @org.junit.jupiter.api.Test
    void theVitIsCutInsideItsEncoderBlocks() {
        ImageBatch images = PhantomData.generate(PhantomSpec.DEFAULT).split(Split.TEST).batch(0, 2);
        try (var model = (DjlClassifier) BuiltinModels.load("vit_phantom"); var suffix = model.suffixForward(images)) {
            assertThat(suffix.stages()).isEqualTo(model.layers().size() + 6 * 6);
            String fc1 = model.tensors().stream().map(WeightTensor::name)
                    .filter(n -> n.startsWith("03PreNormEncoderBlock_04mlp_01Linear_weight")).findFirst().orElseThrow();
            String fc2 = fc1.replace("01Linear", "03Linear");
            assertThat(suffix.firstStageOf(fc2)).isEqualTo(suffix.firstStageOf(fc1) + 1);
            String key = fc1.replace("04mlp_01Linear", "02attention_01keyProjection");
            int keyStep = suffix.firstStageOf(key);
            assertThat(List.of("02queryProjection", "03valueProjection", "04resultProjection", "04mlp_01Linear")
                    .stream().map(n -> suffix.firstStageOf(key.replace("02attention_01keyProjection",
                            n.startsWith("04mlp") ? n : "02attention_" + n)) - keyStep).toList())
                    .containsExactly(1, 2, 3, 4);
            int filled = suffix.retainedArrays();
            for (int pass = 0; pass < 3; pass++) {
                suffix.suffixFrom(0);
            }
            assertThat(suffix.retainedArrays()).as("arrays the cache holds after three passes").isEqualTo(filled);
        }
    }

    private static List<WeightTensor> spread(List<WeightTensor> all, int count) {
        if (count == 0 || count >= all.size()) {
            return all;
        }
        List<WeightTensor> picked = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            picked.add(all.get((int) Math.round(i * (all.size() - 1) / (double) (count - 1))));
        }
        return picked;
    }

    /** Raw IEEE bits, so that NaN payloads and -0 count as different values. */
    static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
