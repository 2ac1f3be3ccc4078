package org.medrobust.models.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.phantom.PhantomData;
import org.medrobust.datasets.phantom.PhantomSpec;
import org.medrobust.models.Classifier;
import org.medrobust.models.capability.ActivationHooks;
import org.medrobust.models.capability.ScanFaults;
import org.medrobust.models.capability.ScanFaults.ScanSite;
import org.medrobust.models.scan.ScanFault;
import org.medrobust.models.zoo.BuiltinModels;

/**
 * Hook points inside ViT and Mamba blocks, and scan faults in the Mamba models: identity hooks on every inside point
 * give the plain logits bit for bit (the hooked pass is the same forward pass); a flip hook makes exactly the
 * requested bit of the requested element differ in the value the pass goes on with (raw int bits); a scan fault
 * changes the logits and clearing it gives the plain logits bit for bit.
 */
class InsideBlockTapsTest {

    private static final ImageBatch IMAGES = PhantomData.generate(PhantomSpec.DEFAULT).split(Split.TEST).batch(0, 4);

    @ParameterizedTest
    @ValueSource(strings = {"vit_phantom", "vim_phantom", "vmamba_phantom", "medmamba_phantom"})
    void identityHooksInsideBlocksGiveThePlainLogitsBitForBit(String id) {
        try (Classifier model = BuiltinModels.load(id)) {
            ActivationHooks hooks = model.capability(ActivationHooks.class).orElseThrow();
            List<String> points = hooks.pointsInsideBlocks();
            assertThat(points).as(id).hasSizeGreaterThanOrEqualTo(4)
                    .allMatch(p -> p.endsWith("/attention") || p.endsWith("/mlp") || p.endsWith("/in_proj")
                            || p.endsWith("/scan") || p.endsWith("/scan_b") || p.endsWith("/out_proj"));
            int[] clean = bits(model.predict(IMAGES).values());
            int[] seen = new int[1];
            points.forEach(p -> hooks.hook(p, (at, values, shape) -> seen[0]++));
            assertThat(bits(model.predict(IMAGES).values())).containsExactly(clean);
            assertThat(seen[0]).as("every point's hook ran once").isEqualTo(points.size());
            hooks.clearHooks();
            hooks.hook(points.get(points.size() / 2), (at, values, shape) -> values[0] = Float.intBitsToFloat(
                    Float.floatToRawIntBits(values[0]) ^ (1 << 30)));
            assertThat(bits(model.predict(IMAGES).values())).isNotEqualTo(clean);
            hooks.clearHooks();
            assertThat(bits(model.predict(IMAGES).values())).containsExactly(clean);
        }
    }

    @Test
    void aFlipHookChangesExactlyTheRequestedBitOfTheRequestedElement() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Block owner = new ai.djl.nn.LambdaBlock(x -> x);
            float[] input = {1.5f, -0.0f, 3.25e-3f, Float.MIN_VALUE, -7f, 42f};
            NDArray x = manager.create(input, new ai.djl.ndarray.types.Shape(2, 3));
            for (int bit = 0; bit < 32; bit++) {
                int element = bit % input.length;
                int b = bit;
                Taps.Pass pass = new Taps.Pass(Map.of(owner, "block"), Map.of("block/p", (at, values, shape) ->
                        values[element] = Float.intBitsToFloat(Float.floatToRawIntBits(values[element]) ^ (1 << b))),
                        Map.of(), null);
                float[] out = Taps.within(pass, () -> Taps.tap(owner, "p", x)).toFloatArray();
                for (int i = 0; i < input.length; i++) {
                    assertThat(Float.floatToRawIntBits(out[i]) ^ Float.floatToRawIntBits(input[i]))
                            .as("bit %d element %d", bit, i).isEqualTo(i == element ? 1 << bit : 0);
                }
            }
            assertThat(Taps.tap(owner, "p", x)).as("no pass open: the same array").isSameAs(x);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vim_phantom", "medmamba_phantom"})
    void aScanFaultChangesTheLogitsAndClearingRestoresThemBitForBit(String id) {
        try (Classifier model = BuiltinModels.load(id)) {
            ScanFaults faults = model.capability(ScanFaults.class).orElseThrow();
            List<ScanSite> scans = faults.scans();
            assertThat(scans).isNotEmpty().allMatch(s -> s.name().endsWith("/scan") || s.name().endsWith("/scan_b"));
            assertThat(scans.getFirst().shape().batch()).isEqualTo(1);
            int[] clean = bits(model.predict(IMAGES).values());
            ScanSite site = scans.getFirst();
            faults.injectScanFault(site.name(), new ScanFault(ScanFault.Target.STATE, site.shape().dim() / 2, 3,
                    site.shape().length() / 2, 30));
            assertThat(bits(model.predict(IMAGES).values())).isNotEqualTo(clean);
            faults.clearScanFaults();
            assertThat(bits(model.predict(IMAGES).values())).containsExactly(clean);
            assertThatThrownBy(() -> faults.injectScanFault("nowhere/scan", new ScanFault(ScanFault.Target.OUTPUT,
                    0, 0, 0, 30))).hasMessageContaining("has no scan 'nowhere/scan'");
        }
    }

    @Test
    void modelsWithoutAScanListNone() {
        try (Classifier model = BuiltinModels.load("vit_phantom")) {
            assertThat(model.capability(ScanFaults.class).orElseThrow().scans()).isEmpty();
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
