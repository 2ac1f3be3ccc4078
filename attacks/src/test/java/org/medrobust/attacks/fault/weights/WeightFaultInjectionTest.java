package org.medrobust.attacks.fault.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each operation changes exactly the requested bit (raw int bits compared), and closing restores the golden hash. */
class WeightFaultInjectionTest {

    @Test
    void everyOperationTouchesExactlyTheRequestedBitAtEveryPosition() {
        float[] samples = {-0.434064f, 1.0f, 0f, -0f, Float.MIN_VALUE, 3.4e38f, Float.NaN};
        for (float v : samples) {
            int raw = Float.floatToRawIntBits(v);
            for (int bit = 0; bit < 32; bit++) {
                int flipped = Float.floatToRawIntBits(BitOp.FLIP.apply(v, bit));
                assertThat(flipped ^ raw).as("flip of bit %d of %s", bit, v).isEqualTo(1 << bit);
                int zero = Float.floatToRawIntBits(BitOp.STUCK_AT_0.apply(v, bit));
                int one = Float.floatToRawIntBits(BitOp.STUCK_AT_1.apply(v, bit));
                assertThat(zero & (1 << bit)).isZero();
                assertThat(one & (1 << bit)).isEqualTo(1 << bit);
                assertThat((zero ^ raw) & ~(1 << bit)).isZero();
                assertThat((one ^ raw) & ~(1 << bit)).isZero();
            }
        }
    }

    @Test
    void injectionChangesOnlyItsSitesAndClosingRestoresTheGoldenHash() {
        ArrayWeights weights = new ArrayWeights().with("a", 1f, 2f, 3f).with("b", -0.5f, 0.25f);
        String golden = WeightDigest.sha256(weights);
        float[] a = weights.read("a");
        List<WeightSite> sites = List.of(new WeightSite("a", 1, 30), new WeightSite("a", 2, 31),
                new WeightSite("b", 0, 0));
        try (var fault = WeightFaultInjection.inject(weights, sites, BitOp.FLIP)) {
            assertThat(fault.sites()).hasSize(3);
            assertThat(weights.read("a")[0]).isEqualTo(a[0]);
            assertThat(Float.floatToRawIntBits(weights.read("a")[1]) ^ Float.floatToRawIntBits(a[1])).isEqualTo(1 << 30);
            assertThat(weights.read("a")[2]).isEqualTo(-3f);
            assertThat(weights.writes).isEqualTo(2); // one write per touched tensor
            assertThat(WeightDigest.sha256(weights)).isNotEqualTo(golden);
        }
        assertThat(WeightDigest.sha256(weights)).isEqualTo(golden);
    }

    @Test
    void aSiteOutsideTheTensorIsRefusedAndLeavesTheWeightsUntouched() {
        ArrayWeights weights = new ArrayWeights().with("a", 1f, 2f);
        String golden = WeightDigest.sha256(weights);
        assertThatThrownBy(() -> WeightFaultInjection.inject(weights, List.of(new WeightSite("a", 2, 3)), BitOp.FLIP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a[2] bit 3");
        assertThat(WeightDigest.sha256(weights)).isEqualTo(golden);
    }

    @Test
    void bitErrorRateZeroChangesNothingAndTheHitCountFollowsTheBinomialMean() {
        ArrayWeights weights = new ArrayWeights().with("w", new float[10_000]);
        WeightSpace space = WeightSpace.of(weights, null, 32);
        assertThat(space.bernoulliSites(0, new SplittableRandom(3))).isEmpty();
        assertThat(space.bernoulliSites(1, new SplittableRandom(3))).hasSize(320_000);
        // 320,000 bits at 1e-3: mean 320 hits, sd 17.9; 200 draws average within 4 standard errors (5.1)
        double total = 0;
        for (int seed = 0; seed < 200; seed++) {
            List<WeightSite> hits = space.bernoulliSites(1e-3, new SplittableRandom(seed));
            assertThat(hits).doesNotHaveDuplicates();
            total += hits.size();
        }
        assertThat(total / 200).isBetween(320 - 5.1, 320 + 5.1);
    }

    @Test
    void sitesAreAPureFunctionOfTheGeneratorAndCoverEveryTensor() {
        ArrayWeights weights = new ArrayWeights().with("a", new float[3]).with("b", new float[5]);
        WeightSpace space = WeightSpace.of(weights, null, 32);
        assertThat(space.randomSites(8, -1, new SplittableRandom(9)))
                .isEqualTo(space.randomSites(8, -1, new SplittableRandom(9)))
                .extracting(WeightSite::tensor).containsOnly("a", "b");
        assertThat(space.site(3 * 32 + 5)).isEqualTo(new WeightSite("b", 0, 5));
        assertThat(WeightSpace.of(weights, "b", 32).randomSites(5, 30, new SplittableRandom(1)))
                .extracting(WeightSite::tensor).containsOnly("b");
    }
}
