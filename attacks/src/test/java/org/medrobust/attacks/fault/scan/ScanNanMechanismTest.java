package org.medrobust.attacks.fault.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.LayerNorm;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.medrobust.attacks.fault.FaultModel.FaultInjection;
import org.medrobust.attacks.fault.PneumoniaFixture;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.models.Classifier;
import org.medrobust.models.capability.ActivationHooks;
import org.medrobust.models.zoo.BuiltinModels;

/**
 * Why a scan-state flip gives NaN in VMamba but not in Vim (docs/faults.md, "Why every scan flip in VMamba and
 * MedMamba ends in NaN"): the faulty scan output is finite (~1e35); a LayerNorm row holding such a value is NaN in
 * libtorch's float32 LayerNorm (a row with a spike of 1e20 comes out 0, one of 1e21 NaN), while RMSNorm, Vim's norm,
 * turns it into 0. The LayerNorm thresholds run always (milliseconds); the model part only with
 * {@code -Dmedrobust.probes=true} (it loads two shipped models and the PneumoniaMNIST test split).
 */
class ScanNanMechanismTest {

    /** libtorch's LayerNorm and an RMSNorm (as {@code RmsNorm}) of 96 values of order 1 with one spike. */
    @Test
    void aHugeValueMakesALayerNormRowNanAndAnRmsNormRowZero() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] plain = layerNorm(m, 1e18f);
            assertThat(count(plain, Float::isFinite)).isEqualTo(96);
            assertThat(count(plain, v -> v != 0)).isPositive();
            assertThat(count(layerNorm(m, 1e20f), v -> v == 0)).isEqualTo(96); // the spike's square overflows: scale 0
            assertThat(count(layerNorm(m, 1e21f), Float::isNaN)).isEqualTo(96);
            assertThat(count(layerNorm(m, 3.8e35f), Float::isNaN)).isEqualTo(96); // the size a scan flip gives
            NDArray x = spiked(m, 3.8e35f);
            float[] rms = x.mul(x.square().mean(new int[] {1}, true).add(1e-5f).pow(-0.5f)).toFloatArray();
            assertThat(count(rms, v -> v == 0)).isEqualTo(96); // +0 and -0
        }
    }

    @Test
    void vmambaScanFlipIsFiniteUntilTheLayerNormAndVimStaysFinite() {
        assumeTrue(Boolean.getBoolean("medrobust.probes"), "runs with -Dmedrobust.probes=true");
        ImageBatch all = PneumoniaFixture.images();
        ImageBatch batch = new ImageBatch(all.shape(), 2, Arrays.copyOf(all.data(), 2 * all.shape().pixels()));
        try (Classifier vmamba = BuiltinModels.load("vmamba_pneumonia")) {
            Map<String, float[]> seen = record(vmamba, batch);
            float[] scan = seen.get("02stage0_block0/02self_attention/scan");
            assertThat(count(scan, Float::isFinite)).isEqualTo(scan.length);
            assertThat(maxAbs(scan)).isGreaterThan(1e21f);
            assertThat(count(seen.get("02stage0_block0/02self_attention/out_proj"), Float::isNaN)).isPositive();
            assertThat(count(seen.get("logits"), Float::isNaN)).isEqualTo(seen.get("logits").length);
        }
        try (Classifier vim = BuiltinModels.load("vim_pneumonia")) {
            Map<String, float[]> seen = record(vim, batch);
            assertThat(maxAbs(seen.get("02mixer0/scan"))).isGreaterThan(1e21f);
            assertThat(count(seen.get("logits"), Float::isFinite)).isEqualTo(seen.get("logits").length);
        }
    }

    /** Every point inside the blocks and the logits, with the first scan's state flipped (seed 1). */
    private static Map<String, float[]> record(Classifier model, ImageBatch batch) {
        ActivationHooks hooks = model.capability(ActivationHooks.class).orElseThrow();
        Map<String, float[]> seen = new LinkedHashMap<>();
        hooks.pointsInsideBlocks().forEach(p -> hooks.hook(p, (layer, values, shape) -> seen.put(layer,
                values.clone())));
        try (FaultInjection f = ScanBitFlip.stateMsb(1).inject(model, new SplittableRandom(1))) {
            seen.put("logits", model.predict(batch).values());
        } finally {
            hooks.clearHooks();
        }
        return seen;
    }

    private interface FloatTest {
        boolean test(float v);
    }

    private static int count(float[] values, FloatTest test) {
        int n = 0;
        for (float v : values) {
            n += test.test(v) ? 1 : 0;
        }
        return n;
    }

    private static float maxAbs(float[] values) {
        float max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static NDArray spiked(NDManager m, float spike) {
        float[] row = new float[96];
        for (int i = 0; i < row.length; i++) {
            row[i] = (float) Math.sin(i);
        }
        row[7] = spike;
        return m.create(row, new Shape(1, 96));
    }

    private static float[] layerNorm(NDManager m, float spike) {
        return LayerNorm.layerNorm(spiked(m, spike), new Shape(96), m.ones(new Shape(96)), m.zeros(new Shape(96)),
                1e-5f).head().toFloatArray();
    }
}
