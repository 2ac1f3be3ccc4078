package org.medrobust.attacks.evasion.occlusion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medrobust.attacks.evasion.AdversarialCheck;
import org.medrobust.attacks.evasion.EvasionAttack;
import org.medrobust.attacks.evasion.EvasionCatalog;
import org.medrobust.attacks.evasion.LinearClassifier;
import org.medrobust.attacks.evasion.PneumoniaFixture;
import org.medrobust.datasets.ImageShape;

/**
 * PatchDrop against Naseer et al. 2021's random PatchDrop (IPViT evaluate.py --random_drop): drop ratios 0.1..0.9,
 * {@code k * N // 10} whole patches set to 0 for the ratio k/10, uniformly without replacement; the same seed gives
 * the same patches.
 */
class PatchDropTest {

    /** Whole patches blanked in image i of x (side s, patch p); fails if a patch is only partly blanked. */
    private static int blankPatches(float[] x, int i, int s, int p) {
        int blank = 0;
        for (int r = 0; r < s / p; r++) {
            for (int c = 0; c < s / p; c++) {
                int zeros = 0;
                for (int y = p * r; y < p * r + p; y++) {
                    for (int xx = p * c; xx < p * c + p; xx++) {
                        zeros += x[i * s * s + y * s + xx] == 0f ? 1 : 0;
                    }
                }
                assertThat(zeros).as("patch (%d, %d) of image %d is whole or untouched", r, c, i).isIn(0, p * p);
                blank += zeros == p * p ? 1 : 0;
            }
        }
        return blank;
    }

    @Test
    void dropsTheRecordedNumberOfWholePatchesDeterministically() {
        LinearClassifier model = new LinearClassifier(3);
        PneumoniaFixture.Labelled data = model.data(20, 9);
        // 6x6 images in 2x2 patches: 9 patches, half of them is 4 (Naseer: 5 * 9 // 10)
        var first = AdversarialCheck.run(new PatchDrop(5, 0.5, 2, 0.0), model, data.images(), data.labels(),
                PneumoniaFixture.randoms(0, data.size()));
        var again = AdversarialCheck.run(new PatchDrop(5, 0.5, 2, 0.0), model, data.images(), data.labels(),
                PneumoniaFixture.randoms(0, data.size()));
        assertThat(again.inputs().data()).isEqualTo(first.inputs().data());
        for (int i = 0; i < data.size(); i++) {
            assertThat(first.details().get(i)).containsEntry("patchesDropped", 4).containsEntry("patches", 9);
            assertThat(blankPatches(first.inputs().data(), i, 6, 2)).isEqualTo(4); // no zero pixels of their own
        }
    }

    @Test
    void theLadderIsNaseersDropRatiosWithTheirPatchCounts() {
        assertThat(EvasionCatalog.PATCH_DROP_LADDER).containsExactly(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9);
        // IPViT: drop_count = k * N // 10 for N = 196 (their 14 x 14 grid), and for the grids used here
        for (int n : List.of(196, 49, 9, 16, 100)) {
            for (int k = 1; k <= 9; k++) {
                assertThat(PatchDrop.dropped(EvasionCatalog.PATCH_DROP_LADDER.get(k - 1), n))
                        .as("ratio %d/10 of %d patches", k, n).isEqualTo(k * n / 10);
            }
        }
        // end to end from the catalog on 28 x 28 images in the default 4 x 4 patches (49)
        ImageShape shape = new ImageShape(1, 28, 28);
        LinearClassifier model = new LinearClassifier(3, shape);
        PneumoniaFixture.Labelled data = model.data(4, 5);
        for (int k = 1; k <= 9; k++) {
            EvasionAttack attack = EvasionCatalog.resolve(PatchDrop.ID, List.of(k), Map.of()).getFirst();
            assertThat(attack.parameters()).containsEntry("patch", 4).containsEntry("fill", 0.0)
                    .containsEntry("fractionDropped", k / 10.0);
            var out = attack.attackRecorded(model, data.images(), data.labels(), PneumoniaFixture.randoms(0, 4));
            for (int i = 0; i < 4; i++) {
                assertThat(blankPatches(out.images().data(), i, 28, 4)).as("ratio %d/10", k).isEqualTo(k * 49 / 10);
            }
        }
    }

    @Test
    void everyPatchIsDroppedWithTheSameProbability() {
        // 4,000 images of 8x8 in 2x2 patches (16), a quarter dropped: each patch is dropped with probability 4/16;
        // 4.5 standard deviations (0.031) catch a biased shuffle (e.g. Sattolo's, which never leaves patch 0 first:
        // 0.20 for it)
        ImageShape shape = new ImageShape(1, 8, 8);
        LinearClassifier model = new LinearClassifier(3, shape);
        int n = 4000;
        PneumoniaFixture.Labelled data = model.data(n, 2);
        var out = new PatchDrop(1, 0.25, 2, 0.0).attackRecorded(model, data.images(), data.labels(),
                PneumoniaFixture.randoms(0, n));
        float[] x = out.images().data();
        int[] dropped = new int[16];
        for (int i = 0; i < n; i++) {
            for (int patch = 0; patch < 16; patch++) {
                int r = patch / 4;
                int c = patch % 4;
                dropped[patch] += x[i * 64 + (2 * r) * 8 + 2 * c] == 0f ? 1 : 0;
            }
        }
        double sd = Math.sqrt(0.25 * 0.75 / n);
        for (int patch = 0; patch < 16; patch++) {
            assertThat(dropped[patch] / (double) n).as("patch %d", patch).isCloseTo(0.25,
                    org.assertj.core.data.Offset.offset(4.5 * sd));
        }
    }
}
