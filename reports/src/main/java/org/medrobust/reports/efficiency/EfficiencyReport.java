package org.medrobust.reports.efficiency;

import java.util.List;
import org.medrobust.reports.bench.MemoryUse;

/**
 * efficiency.json (schema {@value #SCHEMA}): how fast each model of a campaign ran on one machine, and how much memory
 * it took. A measurement, so it lives beside report.json, never inside it: report.json stays byte-identical across
 * runs, this file does not.
 *
 * @param reportSha256 SHA-256 of the report.json whose models were timed ({@code medrobust verify} checks it still is)
 * @param machine      CPU model and processors, in words
 * @param device       where DJL-hosted models ran (ONNX models: always the CPU)
 * @param isolation    how the models were kept apart, in words (a child JVM per model, its libtorch threads)
 * @param measured     when the timings were taken (ISO-8601)
 * @param repeats      timed calls per batch size after warm-up (the median is reported)
 * @param models       one entry per campaign model, in report order
 */
public record EfficiencyReport(String schema, String reportSha256, String machine, String device, String isolation,
        String measured, int repeats, List<ModelTiming> models) {

    /** Version 2: the report's SHA-256, per-model memory from a child JVM of its own (1 timed all in one process). */
    public static final String SCHEMA = "medrobust.efficiency/2";

    public EfficiencyReport {
        models = models == null ? List.of() : List.copyOf(models);
    }

    /** The timing of this model, or null. */
    public ModelTiming timing(String model) {
        return models.stream().filter(m -> m.model().equals(model)).findFirst().orElse(null);
    }

    /**
     * One model's forward pass (inference, no gradients) on images of its own input shape, in a JVM of its own.
     *
     * @param sha256           the model's content SHA-256 (as report.json lists it) when it was timed
     * @param inputShape       "C x H x W" the model was fed
     * @param latencyMsBatch1  median wall milliseconds of one image alone
     * @param batch            the larger batch timed (the campaign's batch size)
     * @param msPerImageBatch  median wall milliseconds of that batch divided by its size
     * @param throughput       images per second at that batch (= 1000 / msPerImageBatch)
     * @param memory           the child JVM's resident memory: before the model was loaded, its peak after every
     *                         timed call, and the difference (the model's working set: weights, engine, activations
     *                         at the larger batch); null where the system does not report it
     */
    public record ModelTiming(String model, String sha256, String inputShape, double latencyMsBatch1, int batch,
            double msPerImageBatch, double throughput, MemoryUse memory) {
    }
}
