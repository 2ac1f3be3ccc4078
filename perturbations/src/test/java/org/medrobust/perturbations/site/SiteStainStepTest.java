package org.medrobust.perturbations.site;

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

/** The profile's Macenko step: {@code stain:} in YAML, applied as {@link MacenkoStain#normalize}, recorded. */
class SiteStainStepTest {

    private static final String YAML = """
            sites:
              - name: lab_b
                modality: pathology
                stain: {hematoxylin: [1.5, 1.1, 0.74], eosin: [0.15, 0.90, 0.40], maxHematoxylin: 1.4}
            """;

    @Test
    void aStainedProfileRendersTheSlideInItsStainsAndRecordsThem() throws IOException {
        SiteProfile profile = SiteProfiles.parse("lab.yaml", YAML).getFirst();
        // vectors scaled to unit length; the absent maximum is the reference implementation's
        assertThat(profile.stain().hematoxylin()).containsExactly(new double[] {0.75, 0.55, 0.37}, within(0.002));
        assertThat(profile.stain().maxEosin()).isEqualTo(MacenkoStain.REFERENCE.maxEosin());
        Image slide = MacenkoReferenceTest.referenceSlide();
        SiteShift shift = new SiteShift(profile);
        assertThat(shift.apply(slide, new SplittableRandom(1)).pixels())
                .containsExactly(MacenkoStain.normalize(slide, profile.stain()).pixels());
        MacenkoStain.Stains estimated = MacenkoStain.estimate(shift.apply(slide, new SplittableRandom(1)));
        assertThat(estimated.hematoxylin()).containsExactly(profile.stain().hematoxylin(), within(0.03));
        assertThat(shift.parameters()).containsEntry("stainMaxHematoxylin", 1.4).containsKey("stainEosin");
        // gray images have no stains: unchanged
        Image gray = new Image(new ImageShape(1, 2, 2), new float[] {0.1f, 0.2f, 0.3f, 0.4f});
        assertThat(shift.apply(gray, new SplittableRandom(1)).pixels()).containsExactly(gray.pixels());
        // a blank slide has none either: unchanged, and the sample says so
        float[] white = new float[12];
        java.util.Arrays.fill(white, 1f);
        Image blank = new Image(new ImageShape(3, 2, 2), white);
        var recorded = shift.applyRecorded(blank, new SplittableRandom(1));
        assertThat(recorded.image().pixels()).containsExactly(white);
        assertThat(recorded.sampled()).containsEntry("stain", "unchanged: no stained pixels");
        // profiles without stains record no stain keys (their parameters stay as they were)
        assertThat(new SiteShift(SiteProfiles.builtIn("pathology_mild")).parameters()).doesNotContainKey("stainEosin");
    }

    @Test
    void badStainsAreRefusedNamingTheSite() {
        for (String bad : List.of("{hematoxylin: [1, 2]}", "{eosin: [0, 0, 0]}", "{eosin: [-1, 1, 1]}",
                "{maxEosin: 0}", "{hue: 3}")) {
            assertThatThrownBy(() -> SiteProfiles.parse("lab.yaml", "sites:\n  - name: lab_b\n    stain: " + bad + "\n"))
                    .as(bad).isInstanceOf(InvalidInputException.class).hasMessageStartingWith("lab.yaml: ")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }
}
