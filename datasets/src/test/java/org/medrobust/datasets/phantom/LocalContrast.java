package org.medrobust.datasets.phantom;

/** A deliberately crude lesion detector for tests: the strongest local contrast inside the body. */
final class LocalContrast {

    private static final int INNER = 1; // 3x3 window
    private static final int OUTER = 3; // 7x7 window
    private static final double BODY = 0.25; // 7x7 mean above this counts as inside the body

    private LocalContrast() {
    }

    static double strongest(float[] image, int side) {
        double best = 0;
        for (int y = OUTER; y < side - OUTER; y++) {
            for (int x = OUTER; x < side - OUTER; x++) {
                double outer = mean(image, side, x, y, OUTER);
                if (outer > BODY) {
                    best = Math.max(best, Math.abs(mean(image, side, x, y, INNER) - outer));
                }
            }
        }
        return best;
    }

    private static double mean(float[] image, int side, int cx, int cy, int half) {
        double sum = 0;
        for (int y = cy - half; y <= cy + half; y++) {
            for (int x = cx - half; x <= cx + half; x++) {
                sum += image[y * side + x];
            }
        }
        return sum / ((2 * half + 1) * (2 * half + 1));
    }

    /** Area under the ROC curve: the chance that a random positive scores above a random negative (ties half). */
    static double auc(double[] scores, int[] labels) {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < scores.length; i++) {
            if (labels[i] != 1) {
                continue;
            }
            for (int j = 0; j < scores.length; j++) {
                if (labels[j] == 0) {
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                    pairs++;
                }
            }
        }
        return wins / pairs;
    }
}
