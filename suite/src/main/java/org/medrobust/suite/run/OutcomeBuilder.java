package org.medrobust.suite.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.models.Logits;
import org.medrobust.reports.schema.SampleOutcome;

/** Turns a batch's logits into per-sample outcomes, and rejects logits no prediction can come from. */
final class OutcomeBuilder {

    /** The prediction recorded for non-finite logits where they are an outcome: no class. */
    static final int NO_PREDICTION = -1;

    private OutcomeBuilder() {
    }

    /**
     * @param firstIndex      index of the batch's first sample in the evaluated split
     * @param cleanPrediction clean predictions of the whole split, or null when this is the clean pass
     * @param dataset         the evaluated split, whose per-sample sites the outcomes record
     */
    static List<SampleOutcome> outcomes(int firstIndex, int[] labels, ImageBatch clean,
            ThreatApplication.BatchResult result, int[] cleanPrediction, int classes, Dataset dataset) {
        ImageBatch inputs = result.inputs();
        Logits logits = result.logits();
        if (logits.rows() != clean.size() || logits.classes() != classes) {
            throw new ScenarioFailure("model returned logits of shape " + logits.rows() + "x" + logits.classes()
                    + ", expected " + clean.size() + "x" + classes);
        }
        int stride = clean.shape().pixels();
        List<SampleOutcome> outcomes = new ArrayList<>(clean.size());
        for (int i = 0; i < clean.size(); i++) {
            int index = firstIndex + i;
            boolean nonFinite = logits.hasNonFinite(i);
            if (nonFinite && !result.nonFiniteIsOutcome()) {
                throw new ScenarioFailure("model returned non-finite logits (NaN or infinity) for sample " + index);
            }
            int prediction = nonFinite ? NO_PREDICTION : logits.argmax(i);
            double linf = 0;
            double sumSquares = 0;
            for (int p = i * stride; p < (i + 1) * stride; p++) {
                double d = (double) inputs.data()[p] - clean.data()[p];
                linf = Math.max(linf, Math.abs(d));
                sumSquares += d * d;
            }
            int cleanPred = cleanPrediction == null ? prediction : cleanPrediction[index];
            Map<String, Object> details = result.details().isEmpty() ? Map.of() : result.details().get(i);
            if (nonFinite) {
                details = new java.util.LinkedHashMap<>(details);
                details.put("nonFinite", true);
            }
            double confidence = nonFinite ? 0 : logits.probabilities(i)[prediction];
            String site = dataset == null ? null : dataset.site(index).orElse(null);
            String sourceImage = dataset == null ? null : dataset.sourceImage(index).orElse(null);
            outcomes.add(new SampleOutcome(index, labels[i], prediction, cleanPred, confidence, linf,
                    Math.sqrt(sumSquares), details, site, nonFinite ? null : logitsRow(logits, i), sourceImage));
        }
        return outcomes;
    }

    /** One sample's logits as recorded (calibration and shift-detection scores are computed from them). */
    private static List<Float> logitsRow(Logits logits, int row) {
        Float[] values = new Float[logits.classes()];
        for (int k = 0; k < values.length; k++) {
            values[k] = logits.at(row, k);
        }
        return List.of(values);
    }
}
