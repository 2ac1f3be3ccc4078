package org.medrobust.reports.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Weighted metrics against hand-worked values and against {@link ClassificationMetrics} on the expanded samples. */
class WeightedMetricsTest {

    /**
     * Labels 0,0,0,1,1,1; class-1 scores .1 .6 .6 | .6 .4 .9. Positive .6 beats .1 and ties both .6 negatives: 1 + 2
     * halves = 2; .4 beats .1: 1; .9 beats all three: 3. AUC = 6 / 9 = 2/3.
     */
    @Test
    void aucWithTiesByHand() {
        int[] labels = {0, 0, 0, 1, 1, 1};
        double[][] p = rows(0.1, 0.6, 0.6, 0.6, 0.4, 0.9);
        assertThat(WeightedMetrics.auc(labels, p).of(WeightedMetrics.ones(6))).isCloseTo(2.0 / 3, within(1e-15));
        assertThat(ClassificationMetrics.rocAuc(labels, p)).isCloseTo(2.0 / 3, within(1e-15));
        // the tied positive twice, one tied negative dropped: positives .6 .6 .4 .9, negatives .1 .6; each .6 beats .1
        // and ties .6 (1.5, twice: 3), .4 beats .1 (1), .9 beats both (2): 6 of 4 x 2 = 8 pairs, .75
        assertThat(WeightedMetrics.auc(labels, p).of(new int[] {1, 1, 0, 2, 1, 1})).isCloseTo(0.75, within(1e-15));
    }

    @Test
    void accuracyAndBalancedAccuracyByHand() {
        int[] labels = {0, 0, 0, 1, 1, 1};
        int[] predictions = {0, 1, 1, 1, 0, 1};
        assertThat(WeightedMetrics.accuracy(labels, predictions).of(WeightedMetrics.ones(6))).isEqualTo(0.5);
        assertThat(WeightedMetrics.balancedAccuracy(labels, predictions, 2).of(WeightedMetrics.ones(6)))
                .isEqualTo(0.5); // (1/3 + 2/3) / 2
        // weights 3,0,0,0,0,1: class 0 recall 1 (three copies of a right one), class 1 recall 1 -> 1; accuracy 4/4
        assertThat(WeightedMetrics.balancedAccuracy(labels, predictions, 2).of(new int[] {3, 0, 0, 0, 0, 1}))
                .isEqualTo(1.0);
        // only class 0 present: its recall alone; no sample: NaN
        assertThat(WeightedMetrics.balancedAccuracy(labels, predictions, 2).of(new int[] {1, 1, 0, 0, 0, 0}))
                .isEqualTo(0.5);
        assertThat(WeightedMetrics.accuracy(labels, predictions).of(new int[6])).isNaN();
        assertThat(WeightedMetrics.auc(labels, rows(0.1, 0.6, 0.6, 0.6, 0.4, 0.9)).of(new int[] {1, 1, 1, 0, 0, 0}))
                .isNaN(); // one class only
    }

    /** Random weights (bootstrap draws) against the plain metrics of the samples repeated that often; 3 classes too. */
    @Test
    void equalsTheUnweightedMetricsOfTheExpandedSamples() {
        SplittableRandom random = new SplittableRandom(5);
        for (int classes : new int[] {2, 3}) {
            int n = 30;
            int[] labels = new int[n];
            int[] predictions = new int[n];
            double[][] p = new double[n][classes];
            for (int i = 0; i < n; i++) {
                labels[i] = i % classes;
                double sum = 0;
                for (int k = 0; k < classes; k++) {
                    p[i][k] = random.nextInt(5) + 1; // few values: many ties
                    sum += p[i][k];
                }
                for (int k = 0; k < classes; k++) {
                    p[i][k] /= sum;
                }
                predictions[i] = random.nextInt(classes);
            }
            for (int trial = 0; trial < 20; trial++) {
                int[] weights = new int[n];
                for (int i = 0; i < n; i++) {
                    weights[random.nextInt(n)]++;
                }
                List<Integer> expanded = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < weights[i]; c++) {
                        expanded.add(i);
                    }
                }
                int[] l = expanded.stream().mapToInt(i -> labels[i]).toArray();
                int[] q = expanded.stream().mapToInt(i -> predictions[i]).toArray();
                double[][] r = expanded.stream().map(i -> p[i]).toArray(double[][]::new);
                assertThat(WeightedMetrics.accuracy(labels, predictions).of(weights))
                        .isEqualTo(ClassificationMetrics.accuracy(l, q));
                assertThat(WeightedMetrics.balancedAccuracy(labels, predictions, classes).of(weights))
                        .isCloseTo(ClassificationMetrics.balancedAccuracy(l, q, classes), within(1e-12));
                assertThat(WeightedMetrics.auc(labels, p).of(weights))
                        .isCloseTo(ClassificationMetrics.rocAuc(l, r), within(1e-12));
            }
        }
    }

    private static double[][] rows(double... positive) {
        double[][] rows = new double[positive.length][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {1 - positive[i], positive[i]};
        }
        return rows;
    }
}
