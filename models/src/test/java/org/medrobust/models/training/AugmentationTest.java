package org.medrobust.models.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;

class AugmentationTest {

    private static final ImageShape SHAPE = new ImageShape(1, 5, 5);

    @Test
    void flipShiftMovesTheImageByAtMostTwoPixelsRepeatingTheBorder() {
        float[] image = new float[25];
        image[2 * 5 + 2] = 1; // one bright pixel in the centre
        SplittableRandom random = new SplittableRandom(9);
        boolean moved = false;
        for (int draw = 0; draw < 50; draw++) {
            float[] out = new float[25];
            Augmentation.FLIP_SHIFT.apply(random, image, out, 0, SHAPE);
            int bright = -1;
            for (int i = 0; i < 25; i++) {
                if (out[i] == 1) {
                    assertThat(bright).as("a single bright pixel").isEqualTo(-1);
                    bright = i;
                }
            }
            assertThat(bright).as("the centre stays inside").isNotNegative();
            moved |= bright != 12;
        }
        assertThat(moved).isTrue();
        // An edge column is repeated into the gap a shift leaves.
        float[] ramp = new float[25];
        for (int i = 0; i < 25; i++) {
            ramp[i] = i % 5;
        }
        float[] out = new float[25];
        Augmentation.FLIP_SHIFT.apply(new SplittableRandom(1), ramp, out, 0, SHAPE);
        for (float v : out) {
            assertThat(v).isBetween(0f, 4f);
        }
    }

    @Test
    void noneCopiesAndTheNamesParse() {
        float[] image = {1, 2, 3, 4};
        float[] out = new float[6];
        Augmentation.NONE.apply(new SplittableRandom(1), image, out, 2, new ImageShape(1, 2, 2));
        assertThat(out).containsExactly(0, 0, 1, 2, 3, 4);
        assertThat(Augmentation.parse("flip-shift")).isEqualTo(Augmentation.FLIP_SHIFT);
        assertThatThrownBy(() -> Augmentation.parse("mixup")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("mixup");
        assertThatThrownBy(() -> Augmentation.DIHEDRAL.check(new ImageShape(1, 4, 5)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("square");
    }
}
