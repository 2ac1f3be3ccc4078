package org.medrobust.perturbations.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;

/**
 * The colour site fit ({@link StainFit}) against truth: source slides of known stains (MacenkoStainTest's two-stain
 * generator, each slide's concentrations scaled at random), the target other such slides rendered through a profile of
 * a known lab stain ({@link SiteShift}); the fit must give that stain back, for two different labs.
 */
class SiteFitStainTest {

    private static final double[] H = unit(0.65, 0.70, 0.29);
    private static final double[] E = unit(0.25, 0.85, 0.46);

    @Test
    void recoversTwoDifferentLabsStains() {
        List<Image> source = slides(24, 1);
        // lab B's eosin keeps a red optical density >= .15 in pure-eosin pixels: Macenko leaves out pixels below it
        MacenkoStain.Stains labA = MacenkoStain.REFERENCE;
        MacenkoStain.Stains labB = new MacenkoStain.Stains(unit(0.75, 0.55, 0.37), unit(0.20, 0.95, 0.30), 1.4, 1.6);
        for (MacenkoStain.Stains truth : List.of(labA, labB)) {
            List<Image> target = SiteFit.render(new SiteProfile("lab", null, null, null, null, 0, 1, 0, 0, 0, truth),
                    slides(24, 2));
            SiteFit.Fitted fitted = SiteFit.fit("lab", "pathology", source, target);
            MacenkoStain.Stains got = fitted.profile().stain();
            assertThat(got).as("stain fitted").isNotNull();
            double[] error = StainFit.differences(truth, got);
            assertThat(error[0]).as("H degrees").isLessThan(1.0);
            assertThat(error[1]).as("E degrees").isLessThan(1.0);
            assertThat(error[2]).as("maxH relative").isLessThan(0.02);
            assertThat(error[3]).as("maxE relative").isLessThan(0.02);
            assertThat(fitted.profile().stainJitter()).isZero();
            assertThat(fitted.notFitted()).anyMatch(line -> line.startsWith("stainJitter (")) // no variance, or < .01
                    .anyMatch(line -> line.contains("fitted on gray images only"));
        }
    }

    /**
     * HED jitter of known theta on slides of the source's stains: theta comes back (measured .051 for .05, .128 for
     * .15: clipping of the background under negative betas narrows the spread); the lab's stain is then not
     * identifiable (the jitter moves each half's Macenko vectors: measured 5.7 and 82 degrees apart).
     */
    @Test
    void recoversTwoStainJitters() {
        List<Image> source = slides(64, 1);
        double[][] truthAndTolerance = {{0.05, 0.008}, {0.15, 0.03}};
        for (double[] truth : truthAndTolerance) {
            List<Image> target = SiteFit.render(new SiteProfile("lab", null, null, null, null, 0, 1, 0, 0, truth[0]),
                    slides(64, 2));
            SiteFit.Fitted fitted = SiteFit.fit("lab", "pathology", source, target);
            assertThat(fitted.profile().stainJitter()).as("theta %s", truth[0]).isCloseTo(truth[0], within(truth[1]));
            assertThat(fitted.profile().stain()).isNull();
            assertThat(fitted.notFitted()).anyMatch(line -> line.startsWith("stain (not identifiable"));
        }
    }

    @Test
    void anUnshiftedTargetIsNeutralWithAReason() {
        SiteFit.Fitted fitted = SiteFit.fit("same", "pathology", slides(24, 1), slides(24, 3));
        assertThat(fitted.profile().stain()).isNull();
        assertThat(fitted.notFitted()).anyMatch(line -> line.startsWith("stain (the target's Macenko stains are the"
                + " source's")).anyMatch(line -> line.startsWith("stainJitter (the target's slides vary no more"));
        assertThat(fitted.profile().stainJitter()).isZero();
    }

    @Test
    void blankSlidesAndGrayAgainstRgbAreRefusedInOneLine() {
        float[] white = new float[3 * 16 * 16];
        java.util.Arrays.fill(white, 1f);
        Image blank = new Image(new ImageShape(3, 16, 16), white);
        SiteFit.Fitted fitted = SiteFit.fit("blank", null, List.of(blank, blank), List.of(blank, blank));
        assertThat(fitted.profile().stain()).isNull();
        assertThat(fitted.notFitted()).anyMatch(line -> line.startsWith("stain (no stained pixels in the source"));
        Image gray = new Image(new ImageShape(1, 16, 16), new float[256]);
        assertThatThrownBy(() -> SiteFit.fit("x", null, List.of(gray), List.of(blank)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("gray against RGB")
                .hasMessageNotContaining("\n");
    }

    /** n slides of the stains H, E: MacenkoStainTest's concentrations, each stain scaled per slide by U(.7, 1.3). */
    static List<Image> slides(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Image> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[][] c = MacenkoStainTest.concentrations();
            double sh = random.nextDouble(0.7, 1.3);
            double se = random.nextDouble(0.7, 1.3);
            for (int p = 0; p < c[0].length; p++) {
                c[0][p] *= sh;
                c[1][p] *= se;
            }
            out.add(MacenkoStainTest.render(H, E, c[0], c[1]));
        }
        return out;
    }

    private static double[] unit(double r, double g, double b) {
        double norm = Math.sqrt(r * r + g * g + b * b);
        return new double[] {r / norm, g / norm, b / norm};
    }
}
