package org.medrobust.reports.faults;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Accuracy against the number of bit flips of the Bit-Flip Attack, for one model on one data split (report.json
 * {@code faults.bitFlipCurves}). Point 0 is the int8-quantised model before any flip; the float32 model's accuracy is
 * the clean scenario's.
 *
 * @param parameters   the threat's parameters as applied (flips, topK, ...)
 * @param samples      images evaluated
 * @param meanFlipsMade mean over the images of the flips the search made on their batch (fewer than asked where it
 *                     reached a local maximum of the loss)
 */
public record BitFlipCurve(String model, String dataset, String split, String threat, Map<String, Object> parameters,
        int samples, double meanFlipsMade, List<Point> points) {

    /**
     * @param flips           iterations of the search made so far (one bit each, more where it escalated)
     * @param accuracy        fraction of the images still classified correctly
     * @param accuracyCi95    Wilson 95 % interval
     * @param meanBitsFlipped mean over the images of the bits inverted so far (the reference's {@code bit_counter});
     *                        null for results recorded before it was (omitted from report.json)
     */
    public record Point(int flips, double accuracy, double[] accuracyCi95,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double meanBitsFlipped) {
    }
}
