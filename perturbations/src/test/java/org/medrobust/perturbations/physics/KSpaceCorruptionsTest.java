package org.medrobust.perturbations.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.TestImages;
import org.medrobust.datasets.ImageShape;

/** Gibbs ringing, k-space spikes, ghosting and motion against exact Fourier facts. */
class KSpaceCorruptionsTest {

    private static final double EXACT = 1e-9;

    private static double[] phantomChannel() {
        return TestImages.doubles(TestImages.phantom().pixels());
    }

    @Test
    void kspaceRoundTripIsTheIdentityAndPutsDcAtTheCentre() {
        KSpace kspace = new KSpace(32, 32);
        double[] x = phantomChannel();
        double[] spectrum = kspace.forward(x);
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        assertThat(spectrum[kspace.index(16, 16)]).isCloseTo(sum, within(EXACT));
        assertThat(kspace.inverseReal(spectrum)).containsExactly(x, within(EXACT));
    }

    @Test
    void gibbsAtZeroTruncationIsTheIdentity() {
        KSpace kspace = new KSpace(32, 32);
        double[] x = phantomChannel();
        assertThat(kspace.inverseReal(GibbsRinging.truncate(kspace, kspace.forward(x), 0.0))).containsExactly(x, within(EXACT));
    }

    @Test
    void gibbsKeepsTheEnergyOfTheKeptSpectrumByParseval() {
        KSpace kspace = new KSpace(32, 32);
        double[] kept = GibbsRinging.truncate(kspace, kspace.forward(phantomChannel()), 0.65);
        double spectral = 0;
        int zeroed = 0;
        for (int i = 0; i < kept.length; i += 2) {
            spectral += kept[i] * kept[i] + kept[i + 1] * kept[i + 1];
            zeroed += kept[i] == 0 && kept[i + 1] == 0 ? 1 : 0;
        }
        double[] image = kspace.inverseComplex(kept);
        double spatial = 0;
        for (double v : image) {
            spatial += v * v;
        }
        assertThat(spatial).isCloseTo(spectral / (32 * 32), within(1e-9 * spatial));
        // r = .35 * 32 * sqrt(2)/2 = 7.92: pi r^2 = 197 of 1024 entries kept, give or take the disc's lattice count.
        assertThat(1024 - zeroed).isBetween(180, 215);
    }

    @Test
    void gibbsOnAnOddGridIsRealBecauseTheDiscIsConjugateSymmetric() {
        int n = 31;
        double[] x = new double[n * n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 7) / 7.0;
        }
        KSpace kspace = new KSpace(n, n);
        double[] image = kspace.inverseComplex(GibbsRinging.truncate(kspace, kspace.forward(x), 0.6));
        for (int i = 1; i < image.length; i += 2) {
            assertThat(image[i]).isCloseTo(0, within(EXACT));
        }
    }

    @Test
    void spikeChangesExactlyTheSpikedEntryAndItsMirror() {
        // The image keeps the real part, so the spectrum of the result differs from the clean one by r max / 2 at
        // the spiked entry and at its mirror (-u, -v) about the centre, and nowhere else.
        KSpace kspace = new KSpace(32, 32);
        double[] x = phantomChannel();
        double[] clean = kspace.forward(x);
        int[][] spike = {{5, 20}};
        double max = Math.abs(clean[kspace.index(16, 16)]); // DC: the largest magnitude of a non-negative image
        double[] after = kspace.forward(kspace.inverseReal(KSpaceSpike.spiked(kspace, clean, spike, 0.7)));
        int mirrorU = 32 - 5;
        int mirrorV = 32 - 20;
        for (int u = 0; u < 32; u++) {
            for (int v = 0; v < 32; v++) {
                boolean spiked = (u == 5 && v == 20) || (u == mirrorU && v == mirrorV);
                double expected = spiked ? 0.35 * max : 0;
                assertThat(after[kspace.index(u, v)] - clean[kspace.index(u, v)]).as("(%d, %d)", u, v)
                        .isCloseTo(expected, within(1e-9 * max));
                assertThat(after[kspace.index(u, v) + 1] - clean[kspace.index(u, v) + 1]).isCloseTo(0, within(1e-9 * max));
            }
        }
    }

    @Test
    void spikeRecordsItsPositions() {
        var out = new KSpaceSpike(5).applyRecorded(TestImages.phantom(), new SplittableRandom(1));
        assertThat(out.sampled()).containsOnlyKeys("positions");
        assertThat((java.util.List<?>) out.sampled().get("positions")).hasSize(3);
    }

    @Test
    void ghostingKeepsTheMeanBecauseTheCentreLineIsRestored() {
        KSpace kspace = new KSpace(32, 32);
        double[] x = phantomChannel();
        for (int axis = 0; axis < 2; axis++) {
            double[] ghosted = kspace.inverseReal(MriGhosting.ghosted(kspace, kspace.forward(x), 4, axis, 1.0));
            assertThat(TestImages.mean(toFloats(ghosted))).isCloseTo(TestImages.mean(toFloats(x)), within(1e-6));
            assertThat(ghosted).isNotEqualTo(x);
        }
    }

    @Test
    void ghostingOfAPointPutsGhostsEveryHeightOverNRows() {
        // Zeroing every 4th k-space row of a point source replicates it at row offsets 32/4 = 8 (weight -1/4), and
        // restoring the centre row adds back a constant 1/32 down the column: ghost rows read 1/32 - 1/4 = -.21875.
        KSpace kspace = new KSpace(32, 32);
        double[] point = new double[32 * 32];
        point[10 * 32 + 7] = 1;
        double[] out = kspace.inverseReal(MriGhosting.ghosted(kspace, kspace.forward(point), 4, 0, 1.0));
        for (int row = 0; row < 32; row++) {
            double expected = row == 10 ? 1 - 0.25 + 1.0 / 32 : (row - 10) % 8 == 0 ? 1.0 / 32 - 0.25 : 1.0 / 32;
            assertThat(out[row * 32 + 7]).as("row %d", row).isCloseTo(expected, within(1e-9));
        }
    }

    @Test
    void motionWithoutMovementIsTheIdentityAndTheOriginalFillsTheCentre() {
        KSpace kspace = new KSpace(32, 32);
        double[] x = phantomChannel();
        double[][] still = {{0, 0}, {0, 0}};
        double[] combined = MriMotion.combined(kspace, x, new double[] {0, 0}, still, new double[] {0.3, 0.7});
        assertThat(kspace.inverseReal(combined)).containsExactly(x, within(EXACT));

        double[][] shifts = {{1.5, -2}, {-1, 2.5}};
        double[] angles = {5, -8};
        double[] moving = MriMotion.combined(kspace, x, angles, shifts, new double[] {0.3, 0.7});
        double[] clean = kspace.forward(x);
        double[] second = kspace.forward(MriMotion.moved(x, 32, 32, angles[1], shifts[1]));
        for (int u = 0; u < 32; u++) {
            // Segments: [0, 9) pose 1 (swapped out of the centre), [9, 22) original, [22, 32) pose 2's spectrum.
            assertThat(moving[kspace.index(u, 16)]).isEqualTo(clean[kspace.index(u, 16)]);
            assertThat(moving[kspace.index(u, 25)]).isEqualTo(second[kspace.index(u, 25)]);
        }
    }

    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    @Test
    void ghostingAtIntensityZeroChangesNothing() {
        Image clean = TestImages.phantom();
        KSpace kspace = new KSpace(32, 32);
        double[] x = TestImages.doubles(clean.pixels());
        assertThat(kspace.inverseReal(MriGhosting.ghosted(kspace, kspace.forward(x), 5, 1, 0.0))).containsExactly(x, within(EXACT));
        assertThat(new ImageShape(1, 32, 32)).isEqualTo(clean.shape());
    }
}
