package org.medrobust.reports.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Reliability bins, ECE/MCE and the Brier score against examples worked by hand. */
class CalibrationMetricsTest {

    // Confidences .9 (right), .85 (wrong), .7 (right), .55 (wrong).
    private static final int[] LABELS = {0, 1, 1, 0};
    private static final int[] PREDICTIONS = {0, 0, 1, 1};
    private static final double[][] PROBABILITIES = {{0.9, 0.1}, {0.85, 0.15}, {0.3, 0.7}, {0.45, 0.55}};

    @Test
    void reliabilityBinsAndEceByHand() {
        // Five bins (0,.2] (.2,.4] (.4,.6] (.6,.8] (.8,1]: bin 2 holds .55 (acc 0), bin 3 holds .7 (acc 1),
        // bin 4 holds .9 and .85 (acc .5, conf .875). ECE = .25 * .55 + .25 * .3 + .5 * .375 = .4; MCE = .55.
        ReliabilityDiagram diagram = ReliabilityDiagram.of(LABELS, PREDICTIONS, PROBABILITIES, 5);
        assertThat(diagram.bins()).extracting(ReliabilityDiagram.Bin::count).containsExactly(0, 0, 1, 1, 2);
        assertThat(diagram.bins().get(4).accuracy()).isEqualTo(0.5);
        assertThat(diagram.bins().get(4).meanConfidence()).isCloseTo(0.875, within(1e-12));
        assertThat(diagram.bins().get(0).accuracy()).isNaN();
        assertThat(diagram.ece()).isCloseTo(0.4, within(1e-12));
        assertThat(diagram.mce()).isCloseTo(0.55, within(1e-12));
        assertThat(ClassificationMetrics.expectedCalibrationError(LABELS, PREDICTIONS, PROBABILITIES, 5))
                .isCloseTo(0.4, within(1e-12));
    }

    @Test
    void fifteenBinsByDefaultAndBoundsBelongToTheLowerBin() {
        assertThat(ReliabilityDiagram.DEFAULT_BINS).isEqualTo(15);
        for (int bins : new int[] {10, 15}) {
            for (int m = 1; m <= bins; m++) {
                assertThat(ReliabilityDiagram.bin((double) m / bins, bins)).as("%d/%d", m, bins).isEqualTo(m - 1);
                assertThat(ReliabilityDiagram.bin(Math.nextUp((double) (m - 1) / bins), bins)).isEqualTo(m - 1);
            }
            assertThat(ReliabilityDiagram.bin(0, bins)).isZero();
        }
        assertThatThrownBy(() -> ReliabilityDiagram.bin(1.01, 15)).hasMessageContaining("not in [0, 1]");
    }

    @Test
    void emptyInputGivesNaN() {
        ReliabilityDiagram empty = ReliabilityDiagram.of(new int[0], new int[0], new double[0][], 15);
        assertThat(empty.ece()).isNaN();
        assertThat(empty.mce()).isNaN();
        assertThat(BrierScore.of(new int[0], new double[0][])).isNaN();
    }

    @Test
    void brierScoreByHand() {
        // (.1^2 + .1^2 = .02) and (.8^2 + .8^2 = 1.28): mean .65.
        assertThat(BrierScore.of(new int[] {0, 0}, new double[][] {{0.9, 0.1}, {0.2, 0.8}})).isCloseTo(0.65, within(1e-12));
        // Three classes, label 2: .5^2 + .3^2 + .8^2 = .98.
        assertThat(BrierScore.of(new int[] {2}, new double[][] {{0.5, 0.3, 0.2}})).isCloseTo(0.98, within(1e-12));
        assertThat(BrierScore.of(new int[] {1}, new double[][] {{0, 1}})).isZero();
        assertThat(BrierScore.of(new int[] {1}, new double[][] {{1, 0}})).isEqualTo(2.0);
        assertThatThrownBy(() -> BrierScore.of(new int[] {2}, new double[][] {{0.5, 0.5}})).hasMessageContaining("label 2");
    }
}
