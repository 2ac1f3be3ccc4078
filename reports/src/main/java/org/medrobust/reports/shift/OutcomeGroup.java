package org.medrobust.reports.shift;

import java.util.List;
import org.medrobust.reports.schema.SampleOutcome;
import org.medrobust.reports.stats.ShiftScores;

/**
 * A group of sample outcomes as the arrays the statistics take: labels, predictions, correctness, and per sample the
 * class probabilities (softmax of the recorded logits) and the two shift-detection scores. Where a sample has no
 * recorded logits (an outcome from before they were recorded, or a non-finite one) the group has no probabilities:
 * {@link #probabilities} is null and only confidence-based statistics (accuracy, ECE, MSP) are available.
 */
record OutcomeGroup(int[] labels, int[] predictions, boolean[] correct, double[] confidence,
        double[][] probabilities, double[] energy) {

    static OutcomeGroup of(List<SampleOutcome> outcomes) {
        int n = outcomes.size();
        int[] labels = new int[n];
        int[] predictions = new int[n];
        boolean[] correct = new boolean[n];
        double[] confidence = new double[n];
        boolean withLogits = outcomes.stream().allMatch(o -> o.logits() != null);
        double[][] probabilities = withLogits ? new double[n][] : null;
        double[] energy = withLogits ? new double[n] : null;
        for (int i = 0; i < n; i++) {
            SampleOutcome o = outcomes.get(i);
            labels[i] = o.label();
            predictions[i] = o.prediction();
            correct[i] = o.correct();
            confidence[i] = o.confidence();
            if (withLogits) {
                double[] logits = new double[o.logits().size()];
                for (int k = 0; k < logits.length; k++) {
                    logits[k] = o.logits().get(k);
                }
                probabilities[i] = softmax(logits);
                energy[i] = ShiftScores.energy(logits);
                // the maximum softmax probability, recomputed in double from the same logits as the energy
                confidence[i] = ShiftScores.maxSoftmax(logits);
            }
        }
        return new OutcomeGroup(labels, predictions, correct, confidence, probabilities, energy);
    }

    int size() {
        return labels.length;
    }

    boolean hasLogits() {
        return probabilities != null;
    }

    /** Rows for a reliability diagram: the class probabilities where known, else the confidence alone (its maximum). */
    double[][] confidenceRows() {
        if (probabilities != null) {
            return probabilities;
        }
        double[][] rows = new double[confidence.length][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {confidence[i]};
        }
        return rows;
    }

    private static double[] softmax(double[] logits) {
        double logSumExp = ShiftScores.logSumExp(logits);
        double[] p = new double[logits.length];
        for (int k = 0; k < p.length; k++) {
            p[k] = StrictMath.exp(logits[k] - logSumExp);
        }
        return p;
    }
}
