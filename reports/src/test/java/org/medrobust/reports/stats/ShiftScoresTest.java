package org.medrobust.reports.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Maximum softmax probability, energy score and their AUROC against hand-computed values. */
class ShiftScoresTest {

    @Test
    void scoresByHand() {
        double[] logits = {0, Math.log(3)};
        assertThat(ShiftScores.energy(logits)).isCloseTo(Math.log(4), within(1e-12));
        assertThat(ShiftScores.maxSoftmax(logits)).isCloseTo(0.75, within(1e-12));
        assertThat(ShiftScores.maxSoftmax(new double[] {2, 2, 2})).isCloseTo(1.0 / 3, within(1e-12));
        // Large logits must not overflow: log(e^1000 + e^1000) = 1000 + log 2.
        assertThat(ShiftScores.energy(new double[] {1000, 1000})).isCloseTo(1000 + Math.log(2), within(1e-9));
        assertThatThrownBy(() -> ShiftScores.energy(new double[] {Double.NaN})).hasMessageContaining("not finite");
    }

    @Test
    void aurocCountsTiesAsOneHalf() {
        // Pairs (source > shifted): .9 beats both, each .5 ties the .5 (1/2) and beats .1: (2 + 1.5 + 1.5) / 6.
        assertThat(ShiftScores.auroc(new double[] {0.9, 0.5, 0.5}, new double[] {0.5, 0.1})).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(ShiftScores.auroc(new double[] {0.4}, new double[] {0.4})).isEqualTo(0.5);
        assertThat(ShiftScores.auroc(new double[] {0.1, 0.2}, new double[] {0.3})).isEqualTo(0.0);
        assertThat(ShiftScores.auroc(new double[0], new double[] {0.3})).isNaN();
    }

    @Test
    void confidentSourceAndFlatShiftedAreSeparatedByBothScores() {
        double[][] source = {{5, 0}, {0, 4}, {3.5, 0}};
        double[][] shifted = {{0.1, 0}, {0, 0.3}};
        double[] mspSource = new double[source.length];
        double[] energySource = new double[source.length];
        for (int i = 0; i < source.length; i++) {
            mspSource[i] = ShiftScores.maxSoftmax(source[i]);
            energySource[i] = ShiftScores.energy(source[i]);
        }
        double[] mspShifted = {ShiftScores.maxSoftmax(shifted[0]), ShiftScores.maxSoftmax(shifted[1])};
        double[] energyShifted = {ShiftScores.energy(shifted[0]), ShiftScores.energy(shifted[1])};
        assertThat(ShiftScores.auroc(mspSource, mspShifted)).isEqualTo(1.0);
        assertThat(ShiftScores.auroc(energySource, energyShifted)).isEqualTo(1.0);
    }
}
