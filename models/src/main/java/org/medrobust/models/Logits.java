package org.medrobust.models;

/** Raw class scores for a batch: (rows, classes) row-major float32. */
public record Logits(int rows, int classes, float[] values) {

    public Logits {
        if ((long) rows * classes != values.length) {
            throw new IllegalArgumentException("logits of " + rows + "x" + classes + " need " + (long) rows * classes
                    + " values, got " + values.length);
        }
    }

    public float at(int row, int k) {
        return values[row * classes + k];
    }

    /** Index of the largest score in a row (the first one on ties). */
    public int argmax(int row) {
        int best = 0;
        for (int k = 1; k < classes; k++) {
            if (at(row, k) > at(row, best)) {
                best = k;
            }
        }
        return best;
    }

    /** Softmax probabilities of one row, computed stably in double. */
    public double[] probabilities(int row) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            max = Math.max(max, at(row, k));
        }
        double[] p = new double[classes];
        double sum = 0;
        for (int k = 0; k < classes; k++) {
            p[k] = StrictMath.exp(at(row, k) - max);
            sum += p[k];
        }
        for (int k = 0; k < classes; k++) {
            p[k] /= sum;
        }
        return p;
    }

    /** Whether any score is NaN or infinite: such a row has no meaningful prediction. */
    public boolean hasNonFinite(int row) {
        for (int k = 0; k < classes; k++) {
            if (!Float.isFinite(at(row, k))) {
                return true;
            }
        }
        return false;
    }
}
