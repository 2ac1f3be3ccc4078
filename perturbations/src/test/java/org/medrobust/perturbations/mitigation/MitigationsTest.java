package org.medrobust.perturbations.mitigation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.perturbations.site.MacenkoReferenceTest;
import org.medrobust.perturbations.site.MacenkoStain;
import org.medrobust.perturbations.site.SiteProfile;
import org.medrobust.perturbations.site.SiteShift;

/**
 * Each mitigation undoes the shift it is meant for, exactly where the shift is invertible: histogram matching a
 * strictly monotone grey-level map, re-windowing a linear one, Macenko normalisation a change of stains; and
 * scikit-image's histogram matching on a hand-worked example.
 */
class MitigationsTest {

    private static final ImageShape GRAY = new ImageShape(1, 16, 16);

    @Test
    void histogramMatchingFollowsScikitImageOnAHandWorkedExample() {
        // source [.1 .2 .2 .4]: distinct .1 .2 .4 at cumulative shares .25 .75 1; reference [0 1]: shares .5 1.
        // np.interp(.25, [.5, 1], [0, 1]) = 0 (held), interp(.75) = .5, interp(1) = 1
        Image reference = new Image(new ImageShape(1, 1, 2), new float[] {0f, 1f});
        Image source = new Image(new ImageShape(1, 2, 2), new float[] {0.1f, 0.2f, 0.2f, 0.4f});
        assertThat(HistogramMatching.fit(List.of(reference)).apply(source).pixels())
                .containsExactly(0f, 0.5f, 0.5f, 1f);
    }

    @Test
    void histogramMatchingUndoesAMonotoneGreyLevelMap() {
        Image original = texture(1);
        float[] bent = original.pixels().clone();
        for (int i = 0; i < bent.length; i++) {
            bent[i] = (float) (0.85 * Math.pow(bent[i], 1.6) + 0.05); // gamma, gain and offset: strictly increasing
        }
        Image restored = HistogramMatching.fit(List.of(original)).apply(new Image(GRAY, bent));
        assertThat(restored.pixels()).containsExactly(original.pixels());
    }

    @Test
    void rewindowingUndoesALinearWindowAndKeepsItsFit() {
        Image original = texture(2);
        float[] windowed = original.pixels().clone();
        for (int i = 0; i < windowed.length; i++) {
            windowed[i] = 0.6f * windowed[i] + 0.3f;
        }
        Rewindowing rewindow = Rewindowing.fit(List.of(original));
        float[] restored = rewindow.apply(new Image(GRAY, windowed)).pixels();
        for (int i = 0; i < restored.length; i++) {
            assertThat((double) restored[i]).isCloseTo(original.pixels()[i], within(1e-5));
        }
        double[] window = Rewindowing.window(original);
        assertThat(rewindow.parameters()).containsEntry("targetLow", window[0]).containsEntry("targetHigh", window[1]);
        // a flat image has no window to map: unchanged
        Image flat = new Image(GRAY, new float[GRAY.height() * GRAY.width()]);
        assertThat(rewindow.apply(flat)).isSameAs(flat);
    }

    /** A lab's stains (a site profile's Macenko step) undone by normalising to the source slide's own stains. */
    @Test
    void macenkoNormalisationUndoesAStainChange() throws IOException {
        Image slide = MacenkoReferenceTest.referenceSlide();
        MacenkoStain.Stains lab = new MacenkoStain.Stains(new double[] {0.75, 0.55, 0.37},
                new double[] {0.15, 0.90, 0.40}, 1.4, 0.8);
        SiteProfile profile = new SiteProfile("lab", "pathology", null, null, null, 0, 1, 0, 0, 0, lab);
        Image shifted = new SiteShift(profile).apply(slide, new SplittableRandom(1));
        MacenkoNormalization macenko = MacenkoNormalization.fit(List.of(slide));
        Image restored = macenko.apply(shifted);
        double shiftedError = meanAbsolute(shifted, slide);
        double restoredError = meanAbsolute(restored, slide);
        assertThat(shiftedError).isGreaterThan(0.05);
        // not exact: the round trip re-estimates the stains from a differently coloured slide (other pixels pass the
        // background threshold, the percentile extremes move), so the colours come back only part of the way:
        // measured mean absolute difference to the source .081 shifted, .038 restored
        assertThat(restoredError).isLessThan(shiftedError / 2);
        MacenkoStain.Stains own = MacenkoStain.estimate(slide);
        assertThat(macenko.parameters().get("targetHematoxylin")).isEqualTo(List.of(own.hematoxylin()[0],
                own.hematoxylin()[1], own.hematoxylin()[2]));
        assertThatThrownBy(() -> MacenkoNormalization.fit(List.of(texture(3))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("needs RGB");
    }

    @Test
    void aMitigatedShiftAppliesTheShiftsOwnDrawsThenTheMitigation() {
        SiteShift shift = new SiteShift(new SiteProfile("ward", "xray", null, null,
                new org.medrobust.perturbations.site.NoiseModel.Rician(0.05), 0, 1, 0, 0, 0));
        Image image = texture(4);
        MitigatedShift unfitted = new MitigatedShift(shift, Rewindowing.ID);
        assertThat(unfitted.id()).isEqualTo("site_ward+rewindow");
        assertThat(unfitted.parameters()).containsEntry("mitigation", "rewindow").containsEntry("mitigates", "site_ward");
        assertThatThrownBy(() -> unfitted.apply(image, new SplittableRandom(1))).hasMessageContaining("not fitted");
        MitigatedShift fitted = unfitted.fittedOn(List.of(image));
        Image expected = Rewindowing.fit(List.of(image)).apply(shift.apply(image, new SplittableRandom(9)));
        assertThat(fitted.apply(image, new SplittableRandom(9)).pixels()).containsExactly(expected.pixels());
        assertThat(fitted.parameters()).containsKey("mitigation.targetLow").containsEntry("sigma", 0.05);
        assertThatThrownBy(() -> new MitigatedShift(shift, "sharpen")).hasMessageContaining("unknown mitigation 'sharpen'");
    }

    /** A smooth gray image with distinct values in (0.1, 0.9). */
    private static Image texture(int seed) {
        float[] x = new float[GRAY.height() * GRAY.width()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.1 + 0.8 * (i + 0.5 * Math.sin(seed * i)) / x.length);
        }
        return new Image(GRAY, x);
    }

    private static double meanAbsolute(Image a, Image b) {
        double sum = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            sum += Math.abs(a.pixels()[i] - b.pixels()[i]);
        }
        return sum / a.pixels().length;
    }
}
