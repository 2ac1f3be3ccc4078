package org.medrobust.reports.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class McNemarTestTest {

    @Test
    void matchesHandComputedBinomialTails() {
        // n = 7 discordant, min = 1: 2 * (C(7,0) + C(7,1)) / 2^7 = 2 * 8 / 128
        assertThat(McNemarTest.exact(1, 6).p()).isCloseTo(0.125, within(1e-15));
        assertThat(McNemarTest.exact(6, 1).p()).isCloseTo(0.125, within(1e-15));
        // n = 5, min = 0: 2 / 32
        assertThat(McNemarTest.exact(0, 5).p()).isCloseTo(0.0625, within(1e-15));
        // n = 6, min = 3: 2 * 42 / 64 > 1, capped
        assertThat(McNemarTest.exact(3, 3).p()).isEqualTo(1.0);
        // n = 2, min = 0: 2 / 4
        assertThat(McNemarTest.exact(2, 0).p()).isCloseTo(0.5, within(1e-15));
        // exact rational sums evaluated independently in Python (fractions, math.comb)
        assertThat(McNemarTest.exact(10, 25).p()).isCloseTo(0.01667384780012071, within(1e-12));
        assertThat(McNemarTest.exact(500, 560).p()).isCloseTo(0.06990955946026933, within(1e-10));
    }

    @Test
    void noDiscordantSampleIsNoEvidence() {
        assertThat(McNemarTest.exact(0, 0).p()).isEqualTo(1.0);
        assertThat(McNemarTest.exact(new boolean[] {true, false}, new boolean[] {true, false}).p()).isEqualTo(1.0);
    }

    @Test
    void countsOnlyDiscordantPairs() {
        boolean[] a = {true, true, true, false, false, true};
        boolean[] b = {true, false, false, true, false, false};
        McNemarTest.Result r = McNemarTest.exact(a, b);
        assertThat(r.onlyA()).isEqualTo(3);
        assertThat(r.onlyB()).isEqualTo(1);
        assertThat(r.p()).isCloseTo(2 * 5 / 16.0, within(1e-15)); // n = 4, min = 1: 2 * (1 + 4) / 16
        assertThatThrownBy(() -> McNemarTest.exact(new boolean[1], new boolean[2]))
                .hasMessageContaining("differ in size");
    }
}
