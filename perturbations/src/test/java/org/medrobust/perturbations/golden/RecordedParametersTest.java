package org.medrobust.perturbations.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageShape;
import org.medrobust.perturbations.Perturbation;
import org.medrobust.perturbations.PerturbationCatalog;

/**
 * What the corruptions that draw parameters record per image: the values lie in the published ranges, the same
 * random stream gives the same record, and corruptions whose only randomness is per-pixel record nothing.
 */
class RecordedParametersTest {

    private static final Image IMAGE = new Image(new ImageShape(1, 28, 28), ramp());

    private static float[] ramp() {
        float[] p = new float[28 * 28];
        for (int i = 0; i < p.length; i++) {
            p[i] = (i % 28) / 27f * 0.8f + 0.1f;
        }
        return p;
    }

    private static Perturbation.Perturbed apply(String id, int severity, long seed) {
        return PerturbationCatalog.create(id, severity).applyRecorded(IMAGE, new SplittableRandom(seed));
    }

    @Test
    void anglesLieInThePublishedRanges() {
        for (long seed = 0; seed < 20; seed++) {
            assertThat((double) apply("motion_blur", 2, seed).sampled().get("angle_deg")).isBetween(-45.0, 45.0);
            assertThat((double) apply("snow", 2, seed).sampled().get("angle_deg")).isBetween(-135.0, -45.0);
        }
    }

    @Test
    void elasticRecordsSixAffineMovesWithinItsBound() {
        @SuppressWarnings("unchecked")
        List<Double> moves = (List<Double>) apply("elastic_transform", 1, 3).sampled().get("affine_point_moves_px");
        assertThat(moves).hasSize(6).allSatisfy(m -> assertThat(Math.abs(m)).isLessThanOrEqualTo(0.08 * 28));
    }

    @Test
    void recordsRepeatForTheSameStreamAndPerPixelNoiseRecordsNothing() {
        for (String id : List.of("motion_blur", "snow", "frost", "elastic_transform")) {
            assertThat(apply(id, 3, 42).sampled()).as(id).isNotEmpty().isEqualTo(apply(id, 3, 42).sampled());
            assertThat(apply(id, 3, 42).sampled()).as(id).isNotEqualTo(apply(id, 3, 43).sampled());
        }
        for (String id : List.of("gaussian_noise", "impulse_noise", "glass_blur", "fog", "spatter", "pixelate")) {
            assertThat(apply(id, 3, 42).sampled()).as(id).isEmpty();
        }
    }
}
