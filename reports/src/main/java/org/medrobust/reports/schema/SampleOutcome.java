package org.medrobust.reports.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

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
 * @param details         what the threat recorded about this sample (sampled corruption parameters, attack queries
 *                        and success, fault sites ...), JSON-friendly values; empty when it recorded nothing
 * @param site            the acquisition site the data set names for this sample; null where it names none
 * @param logits          the model's logits (float32, as returned); null where they were not finite or not recorded.
 *                        Calibration (Brier) and shift detection (energy score) are computed from them.
 * @param sourceImage     the source image this sample renders where a multi-site data set shows the same images at
 *                        every site ({@code builtin:xray_sites}); a site's drop from the source site is then paired by
 *                        it. Null otherwise
 */
public record SampleOutcome(int index, int label, int prediction, int cleanPrediction, double confidence, double linf,
        double l2, @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> details,
        @JsonInclude(JsonInclude.Include.NON_NULL) String site,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Float> logits,
        @JsonInclude(JsonInclude.Include.NON_NULL) String sourceImage) {

    public SampleOutcome {
        details = details == null ? Map.of() : details;
        logits = logits == null ? null : List.copyOf(logits);
    }

    public SampleOutcome(int index, int label, int prediction, int cleanPrediction, double confidence, double linf,
            double l2, Map<String, Object> details, String site, List<Float> logits) {
        this(index, label, prediction, cleanPrediction, confidence, linf, l2, details, site, logits, null);
    }

    public SampleOutcome(int index, int label, int prediction, int cleanPrediction, double confidence, double linf,
            double l2, Map<String, Object> details) {
        this(index, label, prediction, cleanPrediction, confidence, linf, l2, details, null, null);
    }

    public SampleOutcome(int index, int label, int prediction, int cleanPrediction, double confidence, double linf,
            double l2) {
        this(index, label, prediction, cleanPrediction, confidence, linf, l2, Map.of());
    }

    public boolean correct() {
        return prediction == label;
    }
}
