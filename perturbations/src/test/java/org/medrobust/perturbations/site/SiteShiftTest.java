package org.medrobust.perturbations.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.threat.ThreatFamily;
import org.medrobust.perturbations.PerturbationCatalog;
import org.medrobust.perturbations.TestImages;

/** Each profile parameter moves its measurable statistic in the documented direction; application is deterministic. */
class SiteShiftTest {

    private static final Image PHANTOM = TestImages.phantom();

    private static SiteProfile with(IntensityTransfer intensity, NoiseModel noise, double psf, double resampling,
            double vignetting, int jpeg) {
        return new SiteProfile("test_site", "any", "", intensity, noise, psf, resampling, vignetting, jpeg, 0);
    }

    private static SiteProfile intensity(double gamma, double window, double level, double gain, double offset) {
        return with(new IntensityTransfer(gamma, window, level, gain, offset), null, 0, 1, 0, 0);
    }

    /** The statistic of the shifted phantom (mean over 4 draws where noise is involved) for each profile in order. */
    private static double[] measured(List<SiteProfile> profiles, Image image, ToDoubleFunction<Image> statistic) {
        double[] values = new double[profiles.size()];
        for (int p = 0; p < profiles.size(); p++) {
            for (int seed = 0; seed < 4; seed++) {
                values[p] += statistic.applyAsDouble(new SiteShift(profiles.get(p)).apply(image, new SplittableRandom(seed))) / 4;
            }
        }
        return values;
    }

    private static void assertIncreasing(double[] values) {
        for (int i = 1; i < values.length; i++) {
            assertThat(values[i]).as("step %d of %s", i, java.util.Arrays.toString(values)).isGreaterThan(values[i - 1]);
        }
    }

    private static <T> List<SiteProfile> ladder(Function<T, SiteProfile> profile, List<T> levels) {
        return levels.stream().map(profile).toList();
    }

    @Test
    void neutralProfileChangesNothing() {
        Image rgb = TestImages.phantom(3);
        assertThat(new SiteShift(SiteProfile.neutral("same")).apply(rgb, new SplittableRandom(1)).pixels())
                .containsExactly(rgb.pixels());
    }

    @Test
    void gainAndOffsetRaiseTheMeanGammaAndLevelLowerIt() {
        assertIncreasing(measured(ladder(g -> intensity(1, 1, 0.5, g, 0), List.of(0.6, 0.8, 1.0, 1.2)), PHANTOM, ImageStatistics::mean));
        assertIncreasing(measured(ladder(o -> intensity(1, 1, 0.5, 1, o), List.of(-0.1, 0.0, 0.05, 0.1)), PHANTOM, ImageStatistics::mean));
        assertIncreasing(measured(ladder(g -> intensity(g, 1, 0.5, 1, 0), List.of(2.0, 1.5, 1.0, 0.7)), PHANTOM, ImageStatistics::mean));
        assertIncreasing(measured(ladder(l -> intensity(1, 1, l, 1, 0), List.of(0.7, 0.6, 0.5, 0.4)), PHANTOM, ImageStatistics::mean));
        // Gain is exact away from the clip: the mean scales by it.
        double base = ImageStatistics.mean(PHANTOM);
        Image scaled = new SiteShift(intensity(1, 1, 0.5, 0.8, 0)).apply(PHANTOM, new SplittableRandom(0));
        assertThat(ImageStatistics.mean(scaled)).isCloseTo(0.8 * base, within(1e-6));
    }

    @Test
    void narrowerWindowRaisesContrast() {
        assertIncreasing(measured(ladder(w -> intensity(1, w, 0.5, 1, 0), List.of(1.4, 1.0, 0.8, 0.6)), PHANTOM, ImageStatistics::contrast));
    }

    @Test
    void noiseEstimateRisesWithEveryNoiseModelsLevel() {
        Image flat = TestImages.constant(32, 0.4f);
        assertIncreasing(measured(ladder(p -> with(null, new NoiseModel.PoissonGaussian(p, 0.005), 0, 1, 0, 0),
                List.of(200.0, 60.0, 20.0, 6.0)), flat, ImageStatistics::noiseSigma));
        assertIncreasing(measured(ladder(s -> with(null, new NoiseModel.Rician(s), 0, 1, 0, 0),
                List.of(0.01, 0.03, 0.06, 0.1)), flat, ImageStatistics::noiseSigma));
        assertIncreasing(measured(ladder(l -> with(null, new NoiseModel.Speckle(l), 0, 1, 0, 0),
                List.of(16, 8, 4, 1)), flat, ImageStatistics::noiseSigma));
        // Immerkaer's estimate recovers the Rician sigma on a bright flat image (Rician ~ Gaussian there).
        Image rician = new SiteShift(with(null, new NoiseModel.Rician(0.05), 0, 1, 0, 0)).apply(TestImages.constant(64, 0.5f), new SplittableRandom(3));
        assertThat(ImageStatistics.noiseSigma(rician)).isCloseTo(0.05, within(0.003));
    }

    @Test
    void blurAndCoarserResamplingLowerSharpness() {
        assertIncreasing(measured(ladder(s -> with(null, null, s, 1, 0, 0), List.of(2.0, 1.0, 0.5, 0.0)), PHANTOM, ImageStatistics::sharpness));
        assertIncreasing(measured(ladder(r -> with(null, null, 0, r, 0, 0), List.of(3.0, 2.0, 1.5, 1.0)), PHANTOM, ImageStatistics::sharpness));
    }

    @Test
    void vignettingDarkensTheCornersExactlyAsItsField() {
        Image flat = TestImages.constant(32, 0.5f);
        assertIncreasing(measured(ladder(v -> with(null, null, 0, 1, v, 0), List.of(0.8, 0.4, 0.2, 0.0)), flat, ImageStatistics::cornerToCentre));
        // At the very corner X = Y = -1: exp(-v (1 + 1)).
        Image shaded = new SiteShift(with(null, null, 0, 1, 0.3, 0)).apply(flat, new SplittableRandom(0));
        assertThat((double) shaded.at(0, 0, 0)).isCloseTo(0.5 * Math.exp(-0.6), within(1e-6));
    }

    @Test
    void lowerJpegQualityMovesFurtherFromTheSource() {
        double[] psnr = measured(ladder(q -> with(null, null, 0, 1, 0, q), List.of(10, 30, 60, 95)), PHANTOM,
                out -> TestImages.psnr(PHANTOM, out));
        assertIncreasing(psnr);
        Image rgb = TestImages.phantom(3);
        Image compressed = new SiteShift(with(null, null, 0, 1, 0, 90)).apply(rgb, new SplittableRandom(0));
        assertThat(TestImages.psnr(rgb, compressed)).isGreaterThan(30);
    }

    @Test
    void sameStreamSameBytesAndParametersRecordTheProfile() {
        SiteShift shift = new SiteShift(SiteProfiles.builtIn("xray_severe"));
        Image rgb = TestImages.phantom(3);
        Image a = shift.apply(rgb, new SplittableRandom(9));
        assertThat(a.pixels()).containsExactly(shift.apply(rgb, new SplittableRandom(9)).pixels());
        assertThat(a.pixels()).isNotEqualTo(shift.apply(rgb, new SplittableRandom(10)).pixels());
        assertThat(shift.id()).isEqualTo("site_xray_severe");
        assertThat(shift.parameters()).containsEntry("noise", "poisson_gaussian").containsEntry("photons", 12.0)
                .containsEntry("jpegQuality", 40).containsEntry("gamma", 1.5);
    }

    @Test
    void builtInSitesAreDomainShiftThreatsOfOneLevelInTheCatalogue() {
        assertThat(PerturbationCatalog.ids()).contains("site_xray_mild", "site_mri_severe", "site_ultrasound_severe");
        assertThat(PerturbationCatalog.levels("site_ct_severe")).isEqualTo(1);
        var threat = PerturbationCatalog.create("site_ct_severe", 1);
        assertThat(threat.family()).isEqualTo(ThreatFamily.DOMAIN_SHIFT);
        assertThat(threat.severity()).isZero(); // scenario ids carry no /sN for a site
        assertThatThrownBy(() -> PerturbationCatalog.create("site_ct_severe", 2)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("one level");
    }

    @Test
    void builtInSitesRunFromMildToSevereWithinEachModality() {
        List<SiteProfile> sites = SiteProfiles.builtIn();
        assertThat(sites).hasSizeGreaterThanOrEqualTo(10);
        for (String modality : List.of("xray", "ct", "mri", "ultrasound", "pathology")) {
            List<SiteProfile> ordered = sites.stream().filter(s -> s.modality().equals(modality)).toList();
            assertThat(ordered).as(modality).hasSizeGreaterThanOrEqualTo(2);
            Image source = modality.equals("pathology") ? HedJitterTest.stained() : PHANTOM;
            double[] psnr = measured(ordered.reversed(), source, out -> TestImages.psnr(source, out));
            assertIncreasing(psnr);
            for (SiteProfile site : ordered) {
                for (float v : new SiteShift(site).apply(TestImages.phantom(3), new SplittableRandom(1)).pixels()) {
                    assertThat(v).isBetween(0f, 1f);
                }
            }
        }
    }
}
