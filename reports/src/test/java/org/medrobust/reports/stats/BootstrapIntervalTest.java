package org.medrobust.reports.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Percentile bootstrap of accuracy differences: degenerate cases exactly, large samples against the normal limit. */
class BootstrapIntervalTest {

    private static boolean[] pattern(int n, int firstTrue) {
        boolean[] out = new boolean[n];
        for (int i = 0; i < firstTrue; i++) {
            out[i] = true;
        }
        return out;
    }

    @Test
    void identicalPairsGiveExactlyZeroAndOppositesExactlyOne() {
        boolean[] a = pattern(50, 20);
        var same = BootstrapInterval.pairedDifference(a, a.clone(), 0.95, 500, 1);
        assertThat(same.estimate()).isZero();
        assertThat(same.lower()).isZero();
        assertThat(same.upper()).isZero();
        var all = BootstrapInterval.pairedDifference(new boolean[10], pattern(10, 10), 0.95, 500, 1);
        assertThat(all.estimate()).isEqualTo(1.0);
        assertThat(all.lower()).isEqualTo(1.0);
        assertThat(all.upper()).isEqualTo(1.0);
    }

    @Test
    void pairedIntervalMatchesTheNormalLimitOnALargeSample() {
        // 2000 pairs: 300 only b right, 100 only a right, 1000 both right. d in {-1, 0, 1}: mean .1,
        // var .2 - .01 = .19, se sqrt(.19 / 2000) = .009747, 95 % normal interval .1 -+ .019104.
        int n = 2000;
        boolean[] a = new boolean[n];
        boolean[] b = new boolean[n];
        for (int i = 0; i < n; i++) {
            b[i] = i < 300 || (i >= 400 && i < 1400);
            a[i] = (i >= 300 && i < 400) || (i >= 400 && i < 1400);
        }
        var interval = BootstrapInterval.pairedDifference(a, b, 0.95, BootstrapInterval.DEFAULT_RESAMPLES, 7);
        assertThat(interval.estimate()).isCloseTo(0.1, within(1e-12));
        assertThat(interval.lower()).isCloseTo(0.1 - 0.019104, within(0.004));
        assertThat(interval.upper()).isCloseTo(0.1 + 0.019104, within(0.004));
    }

    @Test
    void independentIntervalMatchesTheNormalLimitAndIsWiderThanPaired() {
        // acc(a) = .7, acc(b) = .6 on 1000 each: se sqrt(.21/1000 + .24/1000) = .021213, 95 %: -.1 -+ .041577.
        boolean[] a = pattern(1000, 700);
        boolean[] b = pattern(1000, 600);
        var independent = BootstrapInterval.independentDifference(a, b, 0.95, BootstrapInterval.DEFAULT_RESAMPLES, 3);
        assertThat(independent.estimate()).isCloseTo(-0.1, within(1e-12));
        assertThat(independent.lower()).isCloseTo(-0.1 - 0.041577, within(0.005));
        assertThat(independent.upper()).isCloseTo(-0.1 + 0.041577, within(0.005));
        // Paired on the same samples (b right implies a right): only 100 discordant pairs, a much narrower interval.
        var paired = BootstrapInterval.pairedDifference(a, b, 0.95, BootstrapInterval.DEFAULT_RESAMPLES, 3);
        assertThat(paired.upper() - paired.lower()).isLessThan(0.6 * (independent.upper() - independent.lower()));
    }

    @Test
    void sameSeedSameIntervalAndBadDesignsAreRefused() {
        boolean[] a = pattern(100, 60);
        boolean[] b = pattern(100, 45);
        assertThat(BootstrapInterval.independentDifference(a, b, 0.9, 300, 11))
                .isEqualTo(BootstrapInterval.independentDifference(a, b, 0.9, 300, 11));
        assertThat(BootstrapInterval.pairedDifference(new boolean[0], new boolean[0], 0.95, 10, 1).estimate()).isNaN();
        assertThatThrownBy(() -> BootstrapInterval.pairedDifference(a, new boolean[3], 0.95, 10, 1)).hasMessageContaining("differ in size");
        assertThatThrownBy(() -> BootstrapInterval.pairedDifference(a, b, 1.0, 10, 1)).hasMessageContaining("(0, 1)");
    }
}
