package org.medrobust.attacks.fault.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medrobust.attacks.fault.quantised.Int8Tensor;
import org.medrobust.attacks.fault.weights.WeightDigest;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.phantom.PhantomData;
import org.medrobust.datasets.phantom.PhantomSpec;
import org.medrobust.models.Classifier;
import org.medrobust.models.capability.WritableWeights;
import org.medrobust.models.zoo.BuiltinModels;

/**
 * The Bit-Flip Attack on the built-in phantom CNN (23,650 parameters): every kept flip raises the attack batch's loss;
 * accuracy collapses within the paper's order of flips (ResNet-18 on ImageNet needs 13; a small net far fewer); the
 * model's int8 codes differ from the quantised ones in exactly the reported bits; closing gives back the float32
 * weights bit for bit (hash).
 */
class BitFlipAttackTest {

    @Test
    void progressiveBitSearchRaisesTheLossAtEveryFlipAndCollapsesAccuracyAndRestoresExactly() {
        Dataset test = PhantomData.generate(PhantomSpec.DEFAULT).split(Split.TEST);
        ImageBatch batch = test.batch(0, 64);
        int[] labels = test.labels(0, 64);
        try (Classifier model = BuiltinModels.load("phantom_cnn")) {
            WritableWeights weights = model.capability(WritableWeights.class).orElseThrow();
            String golden = WeightDigest.sha256(weights);
            Map<String, float[]> float32 = new HashMap<>();
            weights.tensors().forEach(t -> float32.put(t.name(), weights.read(t.name())));
            try (BitFlipAttack.Result result = new BitFlipAttack(13, 0.5).run(model, batch, labels)) {
                assertThat(result.cleanAccuracy()).isGreaterThan(0.8);
                assertThat(result.quantisedAccuracy()).isGreaterThan(0.8);
                assertThat(result.flips()).isNotEmpty().hasSizeLessThanOrEqualTo(13);
                for (BitFlipAttack.Flip flip : result.flips()) {
                    assertThat(flip.lossAfter()).as("flip %s", flip).isGreaterThan(flip.lossBefore());
                    assertThat(flip.bits()).isNotEmpty().allSatisfy(b -> {
                        assertThat(b.tensor()).isEqualTo(flip.tensor());
                        assertThat(((b.before() ^ b.after()) & 0xff)).isEqualTo(1 << b.bit());
                    });
                }
                assertThat(result.flips().getLast().accuracy()).isLessThanOrEqualTo(0.5); // two classes: at or below chance
                assertThat(exactly(result, weights, float32)).isTrue();
            }
            assertThat(WeightDigest.sha256(weights)).isEqualTo(golden);
        }
    }

    /**
     * The model's weights now are exactly {@code q' * scale} with {@code q'} the quantised codes with every reported
     * bit inverted (and nothing else), and the tensors left out of quantisation hold their float32 bits.
     */
    private static boolean exactly(BitFlipAttack.Result result, WritableWeights weights, Map<String, float[]> float32) {
        Map<String, byte[]> expected = new HashMap<>();
        result.quantised().forEach((name, q) -> expected.put(name, q.codes().clone()));
        for (BitFlipAttack.Flip flip : result.flips()) {
            byte[] codes = expected.get(flip.tensor());
            for (BitFlipAttack.BitChange b : flip.bits()) {
                assertThat(codes[b.index()]).as("code before %s", b).isEqualTo(b.before());
                codes[b.index()] = (byte) (codes[b.index()] ^ (1 << b.bit()));
            }
        }
        for (WritableWeights.WeightTensor t : weights.tensors()) {
            float[] now = weights.read(t.name());
            Int8Tensor q = result.quantised().get(t.name());
            float[] want = q == null ? float32.get(t.name()) : new Int8Tensor(expected.get(t.name()), q.scale()).dequantise();
            for (int i = 0; i < now.length; i++) {
                assertThat(Float.floatToRawIntBits(now[i])).as("%s[%d]", t.name(), i)
                        .isEqualTo(Float.floatToRawIntBits(want[i]));
            }
        }
        return true;
    }
}
