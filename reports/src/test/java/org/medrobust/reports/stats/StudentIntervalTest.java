package org.medrobust.reports.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Against a hand computation with the tabulated t(0.975, 4) = 2.776445. */
class StudentIntervalTest {

    @Test
    void fiveTrialsUseTheTQuantileNotTheNormalOne() {
        double[] interval = StudentInterval.of95(new double[] {0.1, 0.2, 0.3, 0.4, 0.5});
        double half = 2.776445 * Math.sqrt(0.025) / Math.sqrt(5); // s = sqrt(0.1 / 4)
        assertThat(interval[0]).isCloseTo(0.3 - half, within(1e-6));
        assertThat(interval[1]).isCloseTo(0.3 + half, within(1e-6));
    }

    @Test
    void oneValueHasNoSpreadAndNoneHasNoInterval() {
        assertThat(StudentInterval.of95(new double[] {0.7})).containsExactly(0.7, 0.7);
        assertThat(StudentInterval.of95(new double[0])).isNull();
    }
}
