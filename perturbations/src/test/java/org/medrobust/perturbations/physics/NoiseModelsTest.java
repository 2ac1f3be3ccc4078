package org.medrobust.perturbations.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.TestImages;

/** Rician, Poisson-Gaussian and speckle noise against their closed-form moments. */
class NoiseModelsTest {

    private static final int SIZE = 128; // 16384 values: standard errors well under the tolerances below

    @Test
    void ricianNoiseOfAZeroImageHasTheRayleighMean() {
        RicianNoise noise = new RicianNoise(3);
        Image out = noise.apply(TestImages.constant(SIZE, 0f), new SplittableRandom(1));
        // Rayleigh(sigma): mean sigma sqrt(pi/2) = .12533, sd of the sample mean about .0003.
        assertThat(TestImages.mean(out.pixels())).isCloseTo(0.1 * Math.sqrt(Math.PI / 2), within(0.0015));
        assertThat(noise.sigma()).isEqualTo(0.10);
    }

    @Test
    void ricianNoiseOfZeroSigmaIsTheIdentity() {
        // sqrt(x^2 + 0) is exact for a float x: the magnitude of a noiseless signal is the signal.
        Image clean = TestImages.phantom(3);
        assertThat(RicianNoise.add(clean, 0, new SplittableRandom(1)).pixels()).containsExactly(clean.pixels());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void ricianSecondMomentIsSignalPlusTwoSigmaSquared(int severity) {
        // E[y^2] = x^2 + 2 sigma^2 exactly (away from the clip at 1: x = .4, sigma <= .15).
        RicianNoise noise = new RicianNoise(severity);
        Image out = noise.apply(TestImages.constant(SIZE, 0.4f), new SplittableRandom(severity));
        double expected = 0.16 + 2 * noise.sigma() * noise.sigma();
        assertThat(TestImages.meanOfSquares(out.pixels())).isCloseTo(expected, within(0.02 * expected));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void poissonGaussianVarianceIsGainTimesMeanPlusReadVariance(int severity) {
        PoissonGaussianNoise noise = new PoissonGaussianNoise(severity);
        Image out = noise.apply(TestImages.constant(SIZE, 0.5f), new SplittableRandom(7));
        double expected = noise.gain() * 0.5 + noise.readSigma() * noise.readSigma(); // .00843, .0204
        assertThat(TestImages.mean(out.pixels())).isCloseTo(0.5, within(0.005));
        assertThat(TestImages.variance(out.pixels())).isCloseTo(expected, within(0.05 * expected));
    }

    @Test
    void poissonGaussianOfAZeroImageIsReadNoiseOnly() {
        // No photons: y = clip(N(0, sigma^2)), half the values clip to 0 and the mean is sigma / sqrt(2 pi).
        PoissonGaussianNoise noise = new PoissonGaussianNoise(5);
        Image out = noise.apply(TestImages.constant(SIZE, 0f), new SplittableRandom(9));
        assertThat(TestImages.mean(out.pixels())).isCloseTo(0.05 / Math.sqrt(2 * Math.PI), within(0.001));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void speckleKeepsMeanIntensityAndHasVarianceOneOverLooks(int severity) {
        UltrasoundSpeckle speckle = new UltrasoundSpeckle(severity);
        float x = 0.25f;
        Image out = speckle.apply(TestImages.constant(SIZE, x), new SplittableRandom(severity));
        // Intensity multiplier G = (y / x)^2 ~ Gamma(L, 1/L): mean 1, variance 1/L.
        float[] g = new float[out.pixels().length];
        for (int i = 0; i < g.length; i++) {
            g[i] = (out.pixels()[i] / x) * (out.pixels()[i] / x);
        }
        assertThat(TestImages.mean(g)).isCloseTo(1.0, within(0.025));
        assertThat(TestImages.variance(g)).isCloseTo(1.0 / speckle.looks(), within(0.08 / speckle.looks()));
    }

    @Test
    void singleLookSpeckleIsRayleighWithItsMean() {
        Image out = new UltrasoundSpeckle(5).apply(TestImages.constant(SIZE, 0.25f), new SplittableRandom(5));
        assertThat(TestImages.mean(out.pixels())).isCloseTo(0.25 * Math.sqrt(Math.PI) / 2, within(0.0015));
    }
}
