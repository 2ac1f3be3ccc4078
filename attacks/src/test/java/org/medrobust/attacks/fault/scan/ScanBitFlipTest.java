package org.medrobust.attacks.fault.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.medrobust.attacks.fault.FaultCatalog;
import org.medrobust.attacks.fault.FaultModel.FaultInjection;
import org.medrobust.attacks.fault.FaultModel.SingleBit;
import org.medrobust.attacks.fault.activations.ActivationBitFlip;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.phantom.PhantomData;
import org.medrobust.datasets.phantom.PhantomSpec;
import org.medrobust.models.Classifier;
import org.medrobust.models.capability.ActivationHooks;
import org.medrobust.models.capability.ScanFaults;
import org.medrobust.models.zoo.BuiltinModels;

/**
 * The campaign fault models inside blocks and scans on the phantom zoo: a scan-state flip in Vim changes the logits,
 * names its scan, step, channel, state and bit, draws the same site from the same seed, and closing gives the plain
 * logits bit for bit; a flip at a point inside a ViT block likewise; each names its place on the vulnerability maps
 * (kind, scan or point, bit); models without scans or without points inside
 * blocks, and numbers beyond the model's, are not applicable with the reason.
 */
class ScanBitFlipTest {

    private static final ImageBatch IMAGES = PhantomData.generate(PhantomSpec.DEFAULT).split(Split.TEST).batch(0, 6);

    @Test
    void scanStateFlipsChangeTheLogitsAndClosingRestoresThem() {
        try (Classifier model = BuiltinModels.load("vim_phantom")) {
            int scans = model.capability(ScanFaults.class).orElseThrow().scans().size();
            assertThat(scans).as("Vim: a forward and a backward scan per block").isPositive().isEven();
            float[] clean = model.predict(IMAGES).values();
            String site;
            try (FaultInjection fault = FaultCatalog.create(ScanBitFlip.STATE_ID, 1).inject(model,
                    new SplittableRandom(11))) {
                site = fault.sites().getFirst();
                assertThat(site).matches(".*/scan state h\\[b, d=\\d+, n=\\d+, t=\\d+] bit 30 flip.*");
                // the vulnerability maps' place: the first scan, by its own name, bit 30
                String scan = model.capability(ScanFaults.class).orElseThrow().scans().getFirst().name();
                assertThat(site).startsWith(scan + " state");
                assertThat(fault.singleBit()).contains(new SingleBit("scan state", scan, 30));
                assertThat(model.predict(IMAGES).values()).isNotEqualTo(clean);
            }
            assertThat(model.predict(IMAGES).values()).containsExactly(clean);
            try (FaultInjection again = ScanBitFlip.stateMsb(1).inject(model, new SplittableRandom(11))) {
                assertThat(again.sites()).containsExactly(site);
            }
            // the first block's backward scan: the last block's outputs reach the logits only at the class token
            try (FaultInjection output = ScanBitFlip.outputMsb(2).inject(model, new SplittableRandom(3))) {
                assertThat(output.sites().getFirst()).contains("/scan_b output y[b, d=");
                assertThat(output.singleBit()).contains(new SingleBit("scan output",
                        model.capability(ScanFaults.class).orElseThrow().scans().get(1).name(), 30));
                assertThat(model.predict(IMAGES).values()).isNotEqualTo(clean);
            }
            assertThat(model.predict(IMAGES).values()).containsExactly(clean);
            assertThat(ScanBitFlip.stateMsb(scans + 1).notApplicable(model)).get().asString()
                    .contains("has " + scans + " scan(s)");
        }
    }

    @Test
    void pointsInsideBlocksTakeFlipsAndModelsWithoutThemAreSkippedWithTheReason() {
        try (Classifier vit = BuiltinModels.load("vit_phantom"); Classifier cnn = BuiltinModels.load("cnn_phantom")) {
            float[] clean = vit.predict(IMAGES).values();
            try (FaultInjection fault = ActivationBitFlip.msbInsideBlocks(3).inject(vit, new SplittableRandom(2))) {
                assertThat(fault.sites().getFirst()).contains("/attention output").contains("bit 30 flip");
                String point = vit.capability(ActivationHooks.class).orElseThrow().pointsInsideBlocks().get(2);
                assertThat(fault.singleBit()).contains(new SingleBit("activation", point, 30));
                assertThat(vit.predict(IMAGES).values()).isNotEqualTo(clean);
            }
            assertThat(vit.predict(IMAGES).values()).containsExactly(clean);
            assertThat(ActivationBitFlip.msbInsideBlocks(1).notApplicable(cnn)).get().asString()
                    .contains("has 0 hook point(s) inside blocks");
            assertThat(ScanBitFlip.stateMsb(1).notApplicable(cnn)).get().asString()
                    .contains("runs no selective scan");
            assertThat(ScanBitFlip.stateMsb(1).notApplicable(vit)).get().asString()
                    .contains("runs no selective scan");
        }
    }
}
