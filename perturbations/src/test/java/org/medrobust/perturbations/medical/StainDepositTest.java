package org.medrobust.perturbations.medical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageShape;
import org.medrobust.perturbations.Perturbation;

class StainDepositTest {

    /** Ink pixels per mask of MedMNIST-C's assets/inks.npz (counted there with numpy), keys 3 and 4. */
    private static final int[] INK_3 = {310, 357, 346, 447, 431, 343, 429, 276, 318, 342};
    private static final int[] INK_4 = {550, 626, 563, 590, 579, 552, 602, 523, 480, 478};

    private static Image flat(int channels, int side, float value) {
        float[] p = new float[channels * side * side];
        Arrays.fill(p, value);
        return new Image(new ImageShape(channels, side, side), p);
    }

    @Test
    void shipsTheReferenceMasks() {
        for (int key : new int[] {3, 4}) {
            List<boolean[][]> inks = StainDeposit.inks(key);
            int[] expected = key == 3 ? INK_3 : INK_4;
            assertThat(inks).hasSize(10);
            for (int i = 0; i < 10; i++) {
                boolean[][] ink = inks.get(i);
                assertThat(ink.length).isEqualTo(key == 3 ? 24 : 32);
                int count = 0;
                for (boolean[] row : ink) {
                    assertThat(row).hasSize(ink.length);
                    for (boolean b : row) {
                        count += b ? 1 : 0;
                    }
                }
                assertThat(count).as("mask " + key + "/" + i).isEqualTo(expected[i]);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void at224PixelsTheInkBlackensExactlyItsPixelsAtTheRecordedPlaces() {
        Image image = flat(3, 224, 0.6f);
        for (int severity = 1; severity <= 5; severity++) {
            Perturbation.Perturbed out = MedmnistC.create("pathmnist", "stain_deposit", severity, Resolution.SCALED)
                    .applyRecorded(image, new SplittableRandom(severity));
            List<List<Integer>> marks = (List<List<Integer>>) out.sampled().get("marks_index_x_y_224px");
            assertThat(marks.size()).isBetween(1, severity);
            boolean[] black = new boolean[224 * 224];
            for (List<Integer> m : marks) {
                boolean[][] ink = StainDeposit.inks(severity == 5 ? 4 : 3).get(m.get(0));
                assertThat(m.get(1)).isBetween(10, 224 - ink.length - 10);
                assertThat(m.get(2)).isBetween(10, 224 - ink.length - 10);
                for (int y = 0; y < ink.length; y++) {
                    for (int x = 0; x < ink.length; x++) {
                        black[(m.get(2) + y) * 224 + m.get(1) + x] |= ink[y][x];
                    }
                }
            }
            float[] p = out.image().pixels();
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < black.length; i++) {
                    assertThat(p[c * black.length + i]).isEqualTo(black[i] ? 0f : 0.6f);
                }
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void at28PixelsOneMarkRemovesItsInkAreaScaledToTheImage() {
        // bloodmnist severity 1: exactly one mark; a white image loses ink pixels / 8^2 of brightness in all
        Perturbation.Perturbed out = MedmnistC.create("bloodmnist", "stain_deposit", 1, Resolution.SCALED)
                .applyRecorded(flat(1, 28, 1f), new SplittableRandom(9));
        List<List<Integer>> marks = (List<List<Integer>>) out.sampled().get("marks_index_x_y_224px");
        assertThat(marks).hasSize(1);
        double lost = 0;
        for (float v : out.image().pixels()) {
            lost += 1 - v;
        }
        assertThat(lost).isCloseTo(INK_3[marks.getFirst().get(0)] / 64.0, within(1e-4));
    }
}
