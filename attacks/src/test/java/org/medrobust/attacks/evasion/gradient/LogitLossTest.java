package org.medrobust.attacks.evasion.gradient;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The hand-derived logit gradients of the APGD losses agree with central differences of their values. */
class LogitLossTest {

    @Test
    void everyLossGradientMatchesFiniteDifferencesForTwoToSixClasses() {
        SplittableRandom random = new SplittableRandom(11);
        for (LogitLoss loss : LogitLoss.values()) {
            for (int k = 2; k <= 6; k++) {
                for (int trial = 0; trial < 20; trial++) {
                    float[] z = new float[k];
                    for (int c = 0; c < k; c++) {
                        z[c] = (float) (3 * random.nextGaussian());
                    }
                    int label = random.nextInt(k);
                    int target = (label + 1 + random.nextInt(k - 1)) % k;
                    float[] dz = new float[k];
                    loss.apply(z, label, target, dz);
                    for (int c = 0; c < k; c++) {
                        double h = 1e-3;
                        float[] up = z.clone();
                        float[] down = z.clone();
                        up[c] += (float) h;
                        down[c] -= (float) h;
                        double fd = (loss.apply(up, label, target, new float[k])
                                - loss.apply(down, label, target, new float[k])) / (up[c] - down[c]);
                        assertThat((double) dz[c]).as("%s, K=%d, dL/dz_%d at %s", loss, k, c,
                                java.util.Arrays.toString(z)).isCloseTo(fd, Offset.offset(2e-3 * (1 + Math.abs(fd))));
                    }
                }
            }
        }
    }

    @Test
    void dlrIsInvariantToShiftAndScaleOfTheLogits() {
        float[] z = {1.5f, -0.3f, 2.2f, 0.4f};
        float[] moved = new float[4];
        for (int c = 0; c < 4; c++) {
            moved[c] = 3 * z[c] + 7;
        }
        assertThat(LogitLoss.DLR.apply(moved, 1, 0, new float[4]))
                .isCloseTo(LogitLoss.DLR.apply(z, 1, 0, new float[4]), Offset.offset(1e-6));
    }
}
