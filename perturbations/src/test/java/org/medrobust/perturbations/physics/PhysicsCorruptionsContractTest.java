package org.medrobust.perturbations.physics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.TestImages;
import org.medrobust.perturbations.Perturbation;
import org.medrobust.perturbations.PerturbationCatalog;

/** What every acquisition-physics corruption promises: range, shape, purity, determinism, monotone severity. */
class PhysicsCorruptionsContractTest {

    static Stream<String> ids() {
        return PhysicsCorruptions.ALL.keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("ids")
    void grayAndRgbKeepShapeAndRangeAndInput(String id) {
        for (int channels : new int[] {1, 3}) {
            Image clean = TestImages.phantom(channels);
            float[] before = clean.pixels().clone();
            for (Perturbation p : PerturbationCatalog.allSeverities(id)) {
                Image out = p.apply(clean, new SplittableRandom(3));
                assertThat(out.shape()).isEqualTo(clean.shape());
                for (float v : out.pixels()) {
                    assertThat(v).as(id + " s" + p.severity()).isBetween(0f, 1f);
                }
                assertThat(clean.pixels()).containsExactly(before);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("ids")
    void sameStreamGivesSameBytesAndRecordsTheSame(String id) {
        Image clean = TestImages.phantom(3);
        Perturbation p = PerturbationCatalog.create(id, 3);
        Perturbation.Perturbed a = p.applyRecorded(clean, new SplittableRandom(42));
        Perturbation.Perturbed b = p.applyRecorded(clean, new SplittableRandom(42));
        assertThat(a.image().pixels()).containsExactly(b.image().pixels());
        assertThat(a.sampled()).isEqualTo(b.sampled());
        assertThat(p.apply(clean, new SplittableRandom(42)).pixels()).containsExactly(a.image().pixels());
        assertThat(a.image().pixels()).isNotEqualTo(clean.pixels());
    }

    @ParameterizedTest
    @MethodSource("ids")
    void psnrFallsWithSeverity(String id) {
        Image clean = TestImages.phantom();
        double previous = Double.POSITIVE_INFINITY;
        for (Perturbation p : PerturbationCatalog.allSeverities(id)) {
            double mse = 0;
            for (int seed = 0; seed < 8; seed++) {
                mse += TestImages.mse(clean, p.apply(clean, new SplittableRandom(seed)));
            }
            double psnr = 10 * Math.log10(8 / mse);
            assertThat(psnr).as(id + " s" + p.severity()).isLessThan(previous);
            previous = psnr;
        }
    }

    @ParameterizedTest
    @MethodSource("ids")
    void parametersNameTheirSource(String id) {
        for (Perturbation p : PerturbationCatalog.allSeverities(id)) {
            assertThat(p.id()).isEqualTo(id);
            assertThat(p.parameters()).containsKey("source");
        }
    }

    @Test
    void catalogListsAllNineWithFiveLevels() {
        assertThat(PerturbationCatalog.ids()).containsAll(PhysicsCorruptions.ALL.keySet());
        assertThat(PhysicsCorruptions.ALL).hasSize(9);
        ids().forEach(id -> assertThat(PerturbationCatalog.levels(id)).isEqualTo(5));
    }
}
