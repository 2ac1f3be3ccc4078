package org.medrobust.attacks.evasion.occlusion;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.medrobust.attacks.evasion.AdversarialCheck;
import org.medrobust.attacks.evasion.LinearClassifier;
import org.medrobust.attacks.evasion.PneumoniaFixture;

/** PatchDrop blanks exactly round(fraction * patches) whole patches per image, the same ones for the same seed. */
class PatchDropTest {

    private final LinearClassifier model = new LinearClassifier(3);
    private final PneumoniaFixture.Labelled data = model.data(20, 9);

    @Test
    void dropsTheRecordedNumberOfWholePatchesDeterministically() {
        // 6x6 images in 2x2 patches: 9 patches, half of them rounds to 5 (20 pixels at most)
        var first = AdversarialCheck.run(new PatchDrop(3, 0.5, 2, 0.0), model, data.images(), data.labels(),
                PneumoniaFixture.randoms(0, data.size()));
        var again = AdversarialCheck.run(new PatchDrop(3, 0.5, 2, 0.0), model, data.images(), data.labels(),
                PneumoniaFixture.randoms(0, data.size()));
        assertThat(again.inputs().data()).isEqualTo(first.inputs().data());
        float[] x = first.inputs().data();
        for (int i = 0; i < data.size(); i++) {
            assertThat(first.details().get(i)).containsEntry("patchesDropped", 5).containsEntry("patches", 9);
            int blank = 0;
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    int zeros = 0;
                    for (int y = 2 * r; y < 2 * r + 2; y++) {
                        for (int xx = 2 * c; xx < 2 * c + 2; xx++) {
                            zeros += x[i * 36 + y * 6 + xx] == 0f ? 1 : 0;
                        }
                    }
                    assertThat(zeros).as("patch (%d, %d) of image %d is whole or untouched", r, c, i).isIn(0, 4);
                    blank += zeros == 4 ? 1 : 0;
                }
            }
            assertThat(blank).isEqualTo(5); // the test images have no zero pixels of their own
        }
    }
}
