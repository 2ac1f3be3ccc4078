package org.medrobust.reports.efficiency;

import java.util.List;

/**
 * efficiency.json (schema {@value #SCHEMA}): how fast each model of a campaign ran on one machine. A measurement, so
 * it lives beside report.json, never inside it: report.json stays byte-identical across runs, this file does not.
 *
 * @param machine  CPU model and processors, in words
 * @param device   where DJL-hosted models ran (ONNX models: always the CPU)
 * @param measured when the timings were taken (ISO-8601)
 * @param repeats  timed calls per batch size after warm-up (the median is reported)
 * @param peakRssMb the measuring process's peak resident memory (all models loaded together, JVM included); null
 *                 where the system does not report it. Per-model memory against resolution: {@code bench models}
 * @param models   one entry per campaign model, in report order
 */
public record EfficiencyReport(String schema, String machine, String device, String measured, int repeats,
        Double peakRssMb, List<ModelTiming> models) {

    public static final String SCHEMA = "medrobust.efficiency/1";

    public EfficiencyReport {
        models = models == null ? List.of() : List.copyOf(models);
    }

    /** The timing of this model, or null. */
    public ModelTiming timing(String model) {
        return models.stream().filter(m -> m.model().equals(model)).findFirst().orElse(null);
    }

    /**
     * One model's forward pass (inference, no gradients) on images of its own input shape.
     *
     * @param inputShape       "C x H x W" the model was fed
     * @param latencyMsBatch1  median wall milliseconds of one image alone
     * @param batch            the larger batch timed (the campaign's batch size)
     * @param msPerImageBatch  median wall milliseconds of that batch divided by its size
     * @param throughput       images per second at that batch (= 1000 / msPerImageBatch)
     */
    public record ModelTiming(String model, String inputShape, double latencyMsBatch1, int batch,
            double msPerImageBatch, double throughput) {
    }
}
