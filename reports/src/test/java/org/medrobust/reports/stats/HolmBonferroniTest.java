package org.medrobust.reports.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HolmBonferroniTest {

    @Test
    void matchesHandWorkedStepDown() {
        // sorted 0.005 x 4 = 0.02, 0.01 x 3 = 0.03, 0.03 x 2 = 0.06, 0.04 x 1 = 0.04 -> raised to 0.06 (monotone)
        assertThat(HolmBonferroni.adjust(new double[] {0.01, 0.04, 0.03, 0.005}))
                .containsExactly(new double[] {0.03, 0.06, 0.06, 0.02}, within(1e-15));
    }

    @Test
    void matchesStatsmodelsWithTiesAndClipping() {
        // statsmodels 0.15.0: multipletests([1e-4, .2, .04, .04, .5, .012, 1.0], method="holm")[1]
        double[] expected = {0.0007, 0.6000000000000001, 0.2, 0.2, 1.0, 0.07200000000000001, 1.0};
        assertThat(HolmBonferroni.adjust(new double[] {0.0001, 0.2, 0.04, 0.04, 0.5, 0.012, 1.0}))
                .containsExactly(expected, within(1e-15));
    }

    @Test
    void oneTestIsUnchangedAndNoneIsEmpty() {
        assertThat(HolmBonferroni.adjust(new double[] {0.037})).containsExactly(0.037);
        assertThat(HolmBonferroni.adjust(new double[0])).isEmpty();
    }

    @Test
    void refusesANonProbability() {
        assertThatThrownBy(() -> HolmBonferroni.adjust(new double[] {0.1, Double.NaN}))
                .hasMessageContaining("[0, 1]");
    }
}
