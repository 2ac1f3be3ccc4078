package org.medrobust.reports.schema;

/**
 * What happened to one sample in one scenario. Every metric is derived from these, never re-run.
 *
 * @param index           position of the sample in the evaluated split
 * @param label           true class
 * @param prediction      predicted class (argmax of the logits)
 * @param cleanPrediction prediction on the unperturbed sample (same as prediction in the clean scenario)
 * @param confidence      softmax probability of the predicted class
 * @param linf            L-infinity distance between the perturbed and the clean input (0 when unperturbed)
 * @param l2              L2 distance between the perturbed and the clean input
 */
public record SampleOutcome(int index, int label, int prediction, int cleanPrediction, double confidence, double linf,
        double l2) {

    public boolean correct() {
        return prediction == label;
    }
}
