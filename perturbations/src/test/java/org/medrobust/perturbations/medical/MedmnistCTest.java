package org.medrobust.perturbations.medical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.perturbations.Perturbation;
import org.medrobust.perturbations.PerturbationCatalog;

class MedmnistCTest {

    private static Image ramp(int side) {
        float[] p = new float[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                p[y * side + x] = (float) (Math.round(255 * (0.5 + 0.4 * Math.sin(x / 3.0) * Math.cos(y / 5.0))) / 255.0);
            }
        }
        return new Image(new ImageShape(1, side, side), p);
    }

    @Test
    void scaledEqualsPublishedAt224Pixels() {
        Image image = ramp(224);
        for (String corruption : new String[] {"motion_blur", "pixelate", "speckle_noise"}) {
            Perturbation scaled = MedmnistC.create("breastmnist", corruption, 4, Resolution.SCALED);
            Perturbation nativ = MedmnistC.create("breastmnist", corruption, 4, Resolution.NATIVE);
            assertThat(scaled.apply(image, new SplittableRandom(3)).pixels())
                    .containsExactly(nativ.apply(image, new SplittableRandom(3)).pixels());
        }
    }

    @Test
    void scaledPixelateAt28PixelsKeepsBlocksBelowOnePixelAsIdentity() {
        Image image = ramp(28);
        // pneumoniamnist pixelate 0.4 at 224 px = blocks of 2.5 px = 0.31 px at 28 px: nothing to pixelate
        assertThat(MedmnistC.create("pneumoniamnist", "pixelate", 5, Resolution.SCALED).apply(image, null).pixels())
                .containsExactly(image.pixels());
        // breastmnist 0.1 at 224 px = 10 px blocks = 1.25 px at 28 px: int(28 * 0.8) = 22 px, a mild pixelation
        assertThat(MedmnistC.create("breastmnist", "pixelate", 5, Resolution.SCALED).apply(image, null).pixels())
                .isNotEqualTo(image.pixels());
    }

    @Test
    void motionBlurRecordsItsAngleAndBubblesTheirPlaces() {
        Perturbation.Perturbed blurred = PerturbationCatalog.create("medmnistc_breastmnist_motion_blur", 3)
                .applyRecorded(ramp(28), new SplittableRandom(1));
        assertThat(blurred.sampled()).containsOnlyKeys("angle_deg");
        assertThat((double) blurred.sampled().get("angle_deg")).isBetween(-45.0, 45.0);
        Perturbation.Perturbed bubbles = PerturbationCatalog.create("medmnistc_pathmnist_bubble", 5)
                .applyRecorded(ramp(28), new SplittableRandom(1));
        assertThat(bubbles.sampled()).containsOnlyKeys("bubbles_xyr_224px");
    }

    @Test
    void modalityPresetsNameCatalogueIds() {
        for (Modality modality : Modality.values()) {
            modality.preset().forEach(id -> assertThat(PerturbationCatalog.ids()).contains(id));
        }
        assertThat(Modality.XRAY.preset()).contains("medmnistc_pneumoniamnist_gaussian_noise",
                "medmnistc_pneumoniamnist_gamma_corr_down").hasSize(13);
        assertThat(Modality.MRI.preset()).containsExactly("rician_noise", "gibbs_ringing", "kspace_spike",
                "mri_ghosting", "mri_motion", "bias_field", "anisotropic_downsampling");
        assertThat(Modality.ULTRASOUND.preset()).contains("medmnistc_breastmnist_speckle_noise");
    }

    @Test
    void mriPresetResolvesAndEveryThreatRunsAtEverySeverity() {
        Image image = ramp(28);
        for (String id : Modality.MRI.preset()) {
            assertThat(PerturbationCatalog.levels(id)).as(id).isEqualTo(5);
            for (Perturbation p : PerturbationCatalog.allSeverities(id)) {
                Image out = p.apply(image, new SplittableRandom(7));
                assertThat(out.shape()).as(id).isEqualTo(image.shape());
                assertThat(out.pixels()).as(id + " s" + p.severity()).isNotEqualTo(image.pixels());
                for (float v : out.pixels()) {
                    assertThat(v).as(id).isBetween(0f, 1f);
                }
            }
        }
    }

    @Test
    void unknownSetsAndCorruptionsAreRefusedInOneLine() {
        assertThatThrownBy(() -> MedmnistC.create("kneemnist", "pixelate", 1, Resolution.SCALED))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("kneemnist");
        assertThatThrownBy(() -> MedmnistC.create("breastmnist", "stain_deposit", 1, Resolution.SCALED))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("stain_deposit");
        assertThatThrownBy(() -> MedmnistC.create("breastmnist", "pixelate", 6, Resolution.SCALED))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("1..5");
    }
}
