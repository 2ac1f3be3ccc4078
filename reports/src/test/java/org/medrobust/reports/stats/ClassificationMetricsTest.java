package org.medrobust.reports.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Reference values were computed independently with numpy 2.4 (no scikit-learn on the build machine), by the script
 * below, run with python3. AUC there is brute force over all positive-negative pairs (P(s+ > s-) + P(s+ = s-)/2), not
 * the rank formula used here; balanced accuracy from per-class recalls; ECE with np.linspace(0, 1, 16) bin edges and
 * (lo, hi] membership. The data sets are that script's random draws, printed and pasted below.
 *
 * <pre>
 * rng = np.random.default_rng(20261126)
 * y = rng.integers(0, 2, 40); p1 = np.clip(np.round(0.35 * y + rng.uniform(0, 0.65, 40), 1), 0, 1)
 * y3 = rng.integers(0, 3, 30); raw = rng.dirichlet([1, 1, 1], 30); raw[np.arange(30), y3] += 0.4
 * raw /= raw.sum(1, keepdims=True); Q = np.round(raw, 2); Q[:, 2] = np.round(1 - Q[:, 0] - Q[:, 1], 2)
 * </pre>
 */
class ClassificationMetricsTest {

    private static final int[] BINARY_LABELS = ints(
            "0,1,0,0,0,0,0,0,1,0,0,0,0,0,0,0,1,1,1,1,0,1,0,1,1,1,1,1,0,1,0,0,1,0,0,0,1,1,0,0");
    private static final double[] BINARY_P1 = doubles("0.5,0.7,0.1,0.4,0.3,0.5,0.1,0.2,0.7,0.5,0.5,0.3,0.5,0.2,0.0,"
            + "0.2,0.6,0.5,0.5,0.8,0.6,0.6,0.5,1.0,0.4,0.8,0.7,0.6,0.3,0.4,0.4,0.4,1.0,0.5,0.6,0.2,0.8,0.7,0.6,0.1");

    private static final int[] THREE_LABELS = ints("1,2,0,1,1,2,0,2,1,2,1,2,1,2,1,0,2,1,1,0,0,2,1,2,1,1,0,1,0,0");
    private static final String THREE_PROBS = "0.21,0.54,0.25 0.35,0.00,0.65 0.41,0.42,0.17 0.48,0.46,0.06 "
            + "0.47,0.38,0.15 0.19,0.24,0.57 0.54,0.03,0.43 0.03,0.30,0.67 0.59,0.40,0.01 0.27,0.22,0.51 0.08,0.91,0.01 "
            + "0.59,0.04,0.37 0.19,0.75,0.06 0.20,0.03,0.77 0.17,0.32,0.51 0.93,0.06,0.01 0.07,0.45,0.48 0.00,0.32,0.68 "
            + "0.40,0.44,0.16 0.61,0.36,0.03 0.41,0.37,0.22 0.14,0.21,0.65 0.28,0.35,0.37 0.06,0.31,0.63 0.20,0.68,0.12 "
            + "0.12,0.59,0.29 0.42,0.41,0.17 0.41,0.48,0.11 0.54,0.10,0.36 0.37,0.02,0.61";

    @Test
    void binaryWithTiedScoresMatchesNumpy() {
        double[][] probabilities = Arrays.stream(BINARY_P1).mapToObj(p -> new double[] {1 - p, p}).toArray(double[][]::new);
        int[] predictions = argmax(probabilities);
        ClassificationMetrics.Summary summary = ClassificationMetrics.summarize(BINARY_LABELS, predictions, probabilities);
        assertThat(summary.samples()).isEqualTo(40);
        assertThat(summary.correct()).isEqualTo(33);
        assertThat(summary.accuracy()).isEqualTo(0.825);
        assertThat(summary.balancedAccuracy()).isCloseTo(0.8125, within(1e-15));
        assertThat(summary.auc()).isCloseTo(0.89453125, within(1e-15));
        assertThat(summary.ece()).isCloseTo(0.17249999999999996, within(1e-12));
    }

    @Test
    void threeClassesUseMacroOneVsRestAuc() {
        double[][] probabilities = Arrays.stream(THREE_PROBS.split(" ")).map(ClassificationMetricsTest::doubles)
                .toArray(double[][]::new);
        int[] predictions = argmax(probabilities);
        ClassificationMetrics.Summary summary = ClassificationMetrics.summarize(THREE_LABELS, predictions, probabilities);
        assertThat(summary.accuracy()).isCloseTo(0.7, within(1e-15));
        assertThat(summary.balancedAccuracy()).isCloseTo(0.7257834757834757, within(1e-15));
        // per class 0.8693181818181818, 0.9004524886877828, 0.9153439153439153
        assertThat(ClassificationMetrics.binaryAuc(THREE_LABELS, column(probabilities, 1), 1))
                .isCloseTo(0.9004524886877828, within(1e-15));
        assertThat(summary.auc()).isCloseTo(0.8950381952832934, within(1e-15));
        assertThat(summary.ece()).isCloseTo(0.1436666666666667, within(1e-12));
    }

    @Test
    void handCheckedEdgeCases() {
        // Perfect ranking, inverted ranking, everything tied.
        int[] labels = {0, 0, 1, 1};
        assertThat(ClassificationMetrics.binaryAuc(labels, new double[] {0.1, 0.2, 0.8, 0.9}, 1)).isEqualTo(1.0);
        assertThat(ClassificationMetrics.binaryAuc(labels, new double[] {0.9, 0.8, 0.2, 0.1}, 1)).isEqualTo(0.0);
        assertThat(ClassificationMetrics.binaryAuc(labels, new double[] {0.5, 0.5, 0.5, 0.5}, 1)).isEqualTo(0.5);
        // One class only: AUC undefined; balanced accuracy averages the classes present.
        assertThat(ClassificationMetrics.binaryAuc(new int[] {1, 1}, new double[] {0.3, 0.7}, 1)).isNaN();
        assertThat(ClassificationMetrics.balancedAccuracy(new int[] {1, 1, 1, 1}, new int[] {1, 1, 1, 0}, 2))
                .isEqualTo(0.75);
        // Balanced accuracy differs from accuracy on imbalanced data: 9/10 majority recall, 0/1 minority.
        int[] imbalanced = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        int[] majority = new int[11];
        majority[0] = 1;
        assertThat(ClassificationMetrics.accuracy(imbalanced, majority)).isCloseTo(9.0 / 11, within(1e-15));
        assertThat(ClassificationMetrics.balancedAccuracy(imbalanced, majority, 2)).isCloseTo(0.45, within(1e-15));
        // ECE: two samples at confidence 0.9, one right one wrong -> |0.5 - 0.9| = 0.4.
        double[][] p = {{0.9, 0.1}, {0.9, 0.1}};
        assertThat(ClassificationMetrics.expectedCalibrationError(new int[] {0, 1}, new int[] {0, 0}, p, 15))
                .isCloseTo(0.4, within(1e-15));
    }

    @Test
    void mismatchedInputsAreRejected() {
        assertThatThrownBy(() -> ClassificationMetrics.summarize(new int[] {0, 1}, new int[] {0}, new double[2][2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 labels but 1 predictions");
        assertThatThrownBy(() -> ClassificationMetrics.summarize(new int[] {2}, new int[] {0}, new double[][] {{1, 0}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label 2");
    }

    private static int[] argmax(double[][] rows) {
        return Arrays.stream(rows).mapToInt(row -> {
            int best = 0;
            for (int k = 1; k < row.length; k++) {
                if (row[k] > row[best]) {
                    best = k;
                }
            }
            return best;
        }).toArray();
    }

    private static double[] column(double[][] rows, int k) {
        return Arrays.stream(rows).mapToDouble(row -> row[k]).toArray();
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static double[] doubles(String csv) {
        return Arrays.stream(csv.split(",")).mapToDouble(Double::parseDouble).toArray();
    }
}
