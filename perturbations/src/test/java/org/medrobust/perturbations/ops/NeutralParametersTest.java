package org.medrobust.perturbations.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageShape;
import org.medrobust.perturbations.blur.GaussianBlur;
import org.medrobust.perturbations.blur.ZoomBlur;
import org.medrobust.perturbations.digital.Pixelate;
import org.medrobust.perturbations.digital.Saturate;
import org.medrobust.perturbations.noise.GaussianNoise;

/**
 * "Severity 0": each operator at its neutral parameter leaves an 8-bit image as it is (published severities start
 * at 1, so severity 0 is the parameter at which the formula is the identity).
 */
class NeutralParametersTest {

    private static Image image(int channels) {
        SplittableRandom random = new SplittableRandom(9);
        float[] p = new float[channels * 28 * 28];
        for (int i = 0; i < p.length; i++) {
            p[i] = random.nextInt(256) / 255f;
        }
        return new Image(new ImageShape(channels, 28, 28), p);
    }

    @Test
    void neutralParametersAreIdentity() {
        for (Image clean : List.of(image(1), image(3))) {
            assertThat(GaussianBlur.blur(clean, 0).pixels()).containsExactly(clean.pixels());
            assertThat(ZoomBlur.blur(clean, List.of(1.0)).pixels()).containsExactly(clean.pixels());
            assertThat(Pixelate.pixelate(clean, 1.0).pixels()).containsExactly(clean.pixels());
            assertThat(GaussianNoise.noisy(clean, 0, new SplittableRandom(1)).pixels()).containsExactly(clean.pixels());
            float[] saturated = Saturate.saturate(clean, 1, 0).pixels();
            for (int i = 0; i < saturated.length; i++) {
                assertThat(saturated[i]).isCloseTo(clean.pixels()[i], within(1e-6f));
            }
            double[] plane = Planes.of(clean)[0];
            assertThat(MotionKernel.blur(plane, 28, 28, 0, 1, 30)).containsExactly(plane);
        }
    }

    @Test
    void pillowBoxResizeMatchesHandComputedAverages() {
        // 4 -> 2 px: each output is the rounded mean of two inputs; 2 -> 4 px: each input repeated
        assertThat(Resample.boxResize8(new int[] {10, 20, 31, 40}, 1, 4, 1, 2)).containsExactly(15, 36);
        assertThat(Resample.boxResize8(new int[] {15, 36}, 1, 2, 1, 4)).containsExactly(15, 15, 36, 36);
    }

    @Test
    void bordersFollowTheLibraries() {
        assertThat(List.of(-2, -1, 3, 4).stream().map(i -> Border.REFLECT.index(i, 3)))
                .containsExactly(1, 0, 2, 1);
        assertThat(List.of(-2, -1, 3, 4).stream().map(i -> Border.REFLECT_101.index(i, 3)))
                .containsExactly(2, 1, 1, 0);
        assertThat(List.of(-2, -1, 3, 4).stream().map(i -> Border.NEAREST.index(i, 3)))
                .containsExactly(0, 0, 2, 2);
    }
}
