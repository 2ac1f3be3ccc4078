package org.medrobust.perturbations.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageShape;
import org.medrobust.perturbations.TestImages;

/** HED colour deconvolution and stain jitter against exact round trips and the jitter's own definition. */
class HedJitterTest {

    private static final int SIZE = 16;

    /** An H&E-like RGB image made from known stain densities: H along x, E along y, a little DAB. */
    static Image stained() {
        int plane = SIZE * SIZE;
        float[] pixels = new float[3 * plane];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double[] rgb = HedJitter.toRgb(stains(y, x));
                for (int c = 0; c < 3; c++) {
                    pixels[c * plane + y * SIZE + x] = (float) rgb[c];
                }
            }
        }
        return new Image(new ImageShape(3, SIZE, SIZE), pixels);
    }

    private static double[] stains(int y, int x) {
        return new double[] {0.02 + 0.08 * x / SIZE, 0.05 + 0.05 * y / SIZE, 0.005};
    }

    private static double[] pixel(Image image, int y, int x) {
        return new double[] {image.at(0, y, x), image.at(1, y, x), image.at(2, y, x)};
    }

    @Test
    void deconvolutionMatrixIsTheInverseOfRuifroksStainVectors() {
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double sum = 0;
                for (int k = 0; k < 3; k++) {
                    sum += HedJitter.HED_FROM_RGB[i][k] * HedJitter.RGB_FROM_HED[k][j];
                }
                assertThat(sum).isCloseTo(i == j ? 1 : 0, within(1e-12));
            }
        }
    }

    @Test
    void stainsRoundTripThroughRgb() {
        double[] s = {0.07, 0.04, 0.01};
        assertThat(HedJitter.toStains(HedJitter.toRgb(s))).containsExactly(s, within(1e-12));
    }

    @Test
    void jitterMapsEachStainChannelAffinely() {
        Image clean = stained();
        Image same = HedJitter.apply(clean, new double[] {1, 1, 1}, new double[] {0, 0, 0});
        assertThat(same.pixels()).containsExactly(clean.pixels(), within(1e-6f));
        Image jittered = HedJitter.apply(clean, new double[] {1.2, 0.9, 1}, new double[] {0, 0.01, 0});
        for (int[] p : new int[][] {{0, 0}, {5, 11}, {15, 15}}) {
            double[] s = stains(p[0], p[1]);
            double[] expected = {1.2 * s[0], 0.9 * s[1] + 0.01, s[2]};
            // float storage of the RGB result limits the recovered densities to about 1e-6
            assertThat(HedJitter.toStains(pixel(jittered, p[0], p[1]))).containsExactly(expected, within(2e-5));
        }
    }

    @Test
    void siteStainJitterRecordsItsDrawsSkipsGrayAndGrowsWithTheta() {
        SiteProfile light = new SiteProfile("lab", "pathology", "", null, null, 0, 1, 0, 0, 0.05);
        var out = new SiteShift(light).applyRecorded(stained(), new SplittableRandom(2));
        List<?> alphas = (List<?>) out.sampled().get("stainAlpha (H, E, DAB)");
        assertThat(alphas).hasSize(3).allSatisfy(a -> assertThat((Double) a).isBetween(0.95, 1.05));
        Image gray = TestImages.phantom();
        assertThat(new SiteShift(light).apply(gray, new SplittableRandom(2)).pixels()).containsExactly(gray.pixels());

        double previous = 0;
        for (double theta : new double[] {0.02, 0.05, 0.1, 0.2}) {
            SiteProfile profile = new SiteProfile("lab", "pathology", "", null, null, 0, 1, 0, 0, theta);
            double mse = 0;
            for (int seed = 0; seed < 8; seed++) {
                mse += TestImages.mse(stained(), new SiteShift(profile).apply(stained(), new SplittableRandom(seed)));
            }
            assertThat(mse).as("theta %s", theta).isGreaterThan(previous);
            previous = mse;
        }
    }
}
