package org.medrobust.perturbations.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageShape;

/**
 * Macenko on a slide whose stains are known by construction: every pixel is rendered as
 * {@code I = Io exp(-(H c_H + E c_E)) - 1} from chosen unit stain vectors H, E and chosen concentrations (a quarter
 * background, pure haematoxylin, pure eosin and mixtures), so the optical densities are exactly {@code H c_H + E c_E},
 * the angle extremes are the pure pixels' and the estimate must return H, E and the concentrations' 99th
 * percentiles.
 */
class MacenkoStainTest {

    private static final double[] H = unit(0.65, 0.70, 0.29);
    private static final double[] E = unit(0.25, 0.85, 0.46);
    private static final int SIDE = 32;

    @Test
    void recoversTheStainVectorsAndMaximaOfASyntheticSlide() {
        double[][] c = concentrations();
        MacenkoStain.Stains stains = MacenkoStain.estimate(render(H, E, c[0], c[1]));
        // the float32 image carries ~1e-7 relative error; 1e-4 is far below any real stain difference
        assertThat(stains.hematoxylin()).containsExactly(H, within(1e-4));
        assertThat(stains.eosin()).containsExactly(E, within(1e-4));
        assertThat(stains.maxHematoxylin()).isCloseTo(MacenkoStain.percentile(sorted(c[0]), 99), within(1e-4));
        assertThat(stains.maxEosin()).isCloseTo(MacenkoStain.percentile(sorted(c[1]), 99), within(1e-4));
    }

    /** Normalised to the reference, the slide is the same concentrations, scaled to its maxima, in its colours. */
    @Test
    void normalisationRendersTheConcentrationsInTheReferenceStains() {
        double[][] c = concentrations();
        Image slide = render(H, E, c[0], c[1]);
        MacenkoStain.Stains ref = MacenkoStain.REFERENCE;
        double scaleH = ref.maxHematoxylin() / MacenkoStain.percentile(sorted(c[0]), 99);
        double scaleE = ref.maxEosin() / MacenkoStain.percentile(sorted(c[1]), 99);
        float[] got = MacenkoStain.normalize(slide, ref).pixels();
        int plane = SIDE * SIDE;
        for (int p = 0; p < plane; p++) {
            for (int k = 0; k < 3; k++) {
                double expected = MacenkoStain.BACKGROUND * Math.exp(-(ref.hematoxylin()[k] * c[0][p] * scaleH
                        + ref.eosin()[k] * c[1][p] * scaleE)) / 255;
                assertThat((double) got[k * plane + p]).as("pixel %d channel %d", p, k)
                        .isCloseTo(Math.min(1, expected), within(1e-4));
            }
        }
        // a slide already in the reference stains with the reference maxima keeps its stain vectors
        MacenkoStain.Stains again = MacenkoStain.estimate(MacenkoStain.normalize(slide, ref));
        assertThat(again.hematoxylin()).containsExactly(ref.hematoxylin(), within(0.02)); // the +1 of the OD formula
        assertThat(again.eosin()).containsExactly(ref.eosin(), within(0.02));
    }

    /** alpha 1, beta 0 renders the same densities (the +1 of the OD formula aside); alpha 2 doubles haematoxylin. */
    @Test
    void augmentationScalesConcentrationsInTheImagesOwnBasis() {
        double[][] c = concentrations();
        Image slide = render(H, E, c[0], c[1]);
        float[] same = MacenkoStain.augment(slide, new double[] {1, 1}, new double[] {0, 0}).pixels();
        float[] doubled = MacenkoStain.augment(slide, new double[] {2, 1}, new double[] {0, 0}).pixels();
        int plane = SIDE * SIDE;
        for (int p = 0; p < plane; p++) {
            for (int k = 0; k < 3; k++) {
                double od = H[k] * c[0][p] + E[k] * c[1][p];
                assertThat((double) same[k * plane + p]).isCloseTo(MacenkoStain.BACKGROUND * Math.exp(-od) / 255,
                        within(1e-4));
                double od2 = od + H[k] * c[0][p];
                assertThat((double) doubled[k * plane + p]).isCloseTo(
                        Math.min(1, MacenkoStain.BACKGROUND * Math.exp(-od2) / 255), within(1e-4));
            }
        }
    }

    @Test
    void grayOrBlankImagesAreRefused() {
        assertThatThrownBy(() -> MacenkoStain.estimate(new Image(new ImageShape(1, 4, 4), new float[16])))
                .hasMessageContaining("RGB");
        float[] white = new float[3 * 16];
        java.util.Arrays.fill(white, 1f);
        assertThatThrownBy(() -> MacenkoStain.estimate(new Image(new ImageShape(3, 4, 4), white)))
                .hasMessageContaining("stained pixels");
    }

    @Test
    void percentileInterpolatesLikeNumpy() {
        // numpy.percentile([1, 2, 3, 4], 99) = 3 + 0.97 * (4 - 3) = 3.97; 1st: 1 + 0.03 = 1.03
        assertThat(MacenkoStain.percentile(new double[] {1, 2, 3, 4}, 99)).isCloseTo(3.97, within(1e-12));
        assertThat(MacenkoStain.percentile(new double[] {1, 2, 3, 4}, 1)).isCloseTo(1.03, within(1e-12));
    }

    /** Rows 0 and 1: haematoxylin and eosin per pixel. Quarters: background, pure H, pure E, mixtures. */
    static double[][] concentrations() {
        int n = SIDE * SIDE;
        double[][] c = new double[2][n];
        for (int p = 0; p < n; p++) {
            double t = (p % 256) / 255.0;
            switch (p / 256) {
                case 0 -> { } // background: no stain, left out of the estimate
                case 1 -> c[0][p] = 0.8 + 1.2 * t;
                case 2 -> c[1][p] = 0.8 + 0.8 * t;
                default -> {
                    c[0][p] = 0.3 + 0.7 * t;
                    c[1][p] = 1.0 - 0.6 * t;
                }
            }
        }
        return c;
    }

    static Image render(double[] h, double[] e, double[] ch, double[] ce) {
        int plane = SIDE * SIDE;
        float[] x = new float[3 * plane];
        for (int p = 0; p < plane; p++) {
            for (int k = 0; k < 3; k++) {
                double intensity = MacenkoStain.BACKGROUND * Math.exp(-(h[k] * ch[p] + e[k] * ce[p])) - 1;
                x[k * plane + p] = (float) (intensity / 255);
            }
        }
        return new Image(new ImageShape(3, SIDE, SIDE), x);
    }

    private static double[] unit(double r, double g, double b) {
        double norm = Math.sqrt(r * r + g * g + b * b);
        return new double[] {r / norm, g / norm, b / norm};
    }

    private static double[] sorted(double[] values) {
        double[] copy = values.clone();
        java.util.Arrays.sort(copy);
        return copy;
    }
}
