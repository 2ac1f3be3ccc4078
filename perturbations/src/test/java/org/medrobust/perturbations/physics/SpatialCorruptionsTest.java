package org.medrobust.perturbations.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.TestImages;

/** Bias field and anisotropic down-sampling against exact cases. */
class SpatialCorruptionsTest {

    @Test
    void biasFieldOfZeroCoefficientsIsTheIdentity() {
        Image clean = TestImages.phantom(3);
        assertThat(BiasField.withField(clean, new double[10]).pixels()).containsExactly(clean.pixels());
    }

    @Test
    void constantTermScalesEverythingAndLinearTermIsExpOfTheColumnCoordinate() {
        double[] doubling = new double[10];
        doubling[0] = Math.log(2); // X^0 Y^0
        Image half = TestImages.constant(8, 0.25f);
        assertThat(BiasField.withField(half, doubling).pixels()).containsOnly(0.5f);

        double[] linearX = new double[10];
        linearX[4] = 1; // i = 1, j = 0: X, the column coordinate
        double[] field = BiasField.field(5, 5, linearX);
        for (int row = 0; row < 5; row++) {
            assertThat(field[row * 5]).isCloseTo(Math.exp(-1), within(1e-12));
            assertThat(field[row * 5 + 2]).isCloseTo(1, within(1e-12));
            assertThat(field[row * 5 + 4]).isCloseTo(Math.exp(1), within(1e-12));
        }
    }

    @Test
    void biasFieldRecordsTenCoefficientsInsideItsRange() {
        var out = new BiasField(2).applyRecorded(TestImages.phantom(), new SplittableRandom(4));
        List<?> coefficients = (List<?>) out.sampled().get("coefficients");
        assertThat(coefficients).hasSize(10);
        coefficients.forEach(c -> assertThat((Double) c).isBetween(-0.2, 0.2));
    }

    @Test
    void downsamplingByOneIsTheIdentity() {
        double[] x = TestImages.doubles(TestImages.phantom().pixels());
        assertThat(AnisotropicDownsampling.resampled(x, 32, 32, 0, 1.0)).containsExactly(x, within(1e-12));
        assertThat(AnisotropicDownsampling.resampled(x, 32, 32, 1, 1.0)).containsExactly(x, within(1e-12));
    }

    @Test
    void downsamplingLeavesAnImageThatIsConstantAlongItsAxisAlone() {
        // Varies along the columns only: down-sampling the rows (axis 0) cannot change it; along the columns it must.
        double[] stripes = new double[16 * 16];
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = (i % 16) % 3 == 0 ? 1 : 0;
        }
        assertThat(AnisotropicDownsampling.resampled(stripes, 16, 16, 0, 3.75)).containsExactly(stripes, within(1e-12));
        assertThat(AnisotropicDownsampling.resampled(stripes, 16, 16, 1, 3.75)).isNotEqualTo(stripes);
    }

    @Test
    void downsamplingByTwoInterpolatesBetweenKeptSamples() {
        // n = 8, m = 2: 4 samples at source (0.5 + 2j) rounded half up = 1, 3, 5, 7; output i reads sample position
        // (i - .5) / 2, so inside the ramp reads i + 1/2 (the nearest-neighbour half-pixel shift) and the ends clamp.
        double[] ramp = {0, 1, 2, 3, 4, 5, 6, 7};
        double[] out = AnisotropicDownsampling.resampled(ramp, 1, 8, 1, 2.0);
        assertThat(out).containsExactly(new double[] {1, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7}, within(1e-12));
    }
}
