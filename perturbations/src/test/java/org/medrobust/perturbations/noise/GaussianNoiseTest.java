package org.medrobust.perturbations.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.perturbations.PerturbationCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GaussianNoiseTest {

    private static final ImageShape SHAPE = new ImageShape(1, 64, 64);

    private static Image constant(float value) {
        float[] pixels = new float[SHAPE.pixels()];
        Arrays.fill(pixels, value);
        return new Image(SHAPE, pixels);
    }

    @ParameterizedTest
    @CsvSource({"1, 0.04", "2, 0.06", "3, 0.08", "4, 0.09", "5, 0.10"})
    void usesCifar10CSigmas(int severity, double sigma) {
        GaussianNoise noise = new GaussianNoise(severity);
        assertThat(noise.sigma()).isEqualTo(sigma);
        assertThat(noise.parameters()).containsEntry("sigma", sigma);
    }

    @Test
    void noiseHasTheDeclaredStandardDeviationAwayFromTheClipBounds() {
        // At 0.5 with sigma 0.04, clipping touches fewer than 1e-9 of values: the sample std must match sigma.
        Image noisy = new GaussianNoise(1).apply(constant(0.5f), new SplittableRandom(7));
        double mean = 0;
        for (float v : noisy.pixels()) {
            mean += v;
        }
        mean /= noisy.pixels().length;
        double var = 0;
        for (float v : noisy.pixels()) {
            var += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(var / (noisy.pixels().length - 1));
        assertThat(mean).isCloseTo(0.5, within(0.005));
        assertThat(std).isCloseTo(0.04, within(0.0015));
    }

    @Test
    void clipsToUnitRange() {
        Image noisy = new GaussianNoise(5).apply(constant(0.95f), new SplittableRandom(1));
        long atOne = 0;
        for (float v : noisy.pixels()) {
            assertThat(v).isBetween(0f, 1f);
            atOne += v == 1f ? 1 : 0;
        }
        // P(x + N(0, .10^2) > 1) at x = .95 is P(Z > 0.5) = 0.3085.
        assertThat(atOne).isBetween((long) (0.28 * SHAPE.pixels()), (long) (0.34 * SHAPE.pixels()));
    }

    @Test
    void sameRandomStreamGivesSameImageAndInputIsUntouched() {
        Image clean = constant(0.3f);
        Image a = new GaussianNoise(3).apply(clean, new SplittableRandom(42));
        Image b = new GaussianNoise(3).apply(clean, new SplittableRandom(42));
        Image c = new GaussianNoise(3).apply(clean, new SplittableRandom(43));
        assertThat(a.pixels()).containsExactly(b.pixels());
        assertThat(a.pixels()).isNotEqualTo(c.pixels());
        assertThat(clean.pixels()).containsOnly(0.3f);
    }

    @Test
    void catalogKnowsFiveSeveritiesAndRejectsOthers() {
        assertThat(PerturbationCatalog.allSeverities(GaussianNoise.ID)).extracting(p -> p.severity())
                .containsExactly(1, 2, 3, 4, 5);
        assertThatThrownBy(() -> new GaussianNoise(6)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("gaussian_noise").hasMessageContaining("1..5");
        assertThatThrownBy(() -> PerturbationCatalog.create("sunburn", 1)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown perturbation 'sunburn'");
    }
}
