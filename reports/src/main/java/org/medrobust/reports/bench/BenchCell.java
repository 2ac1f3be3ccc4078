package org.medrobust.reports.bench;

import java.util.List;
import java.util.Optional;

/**
 * One (family, resolution) of the bench. Size and cost come from the initialised network in the parent process; the
 * timings and memory from a child JVM of its own.
 *
 * @param status           {@value #COMPLETED} (every batch measured), {@value #PARTIAL} (some batches skipped),
 *                         {@value #SKIPPED} (a limit, predicted or reached) or {@value #FAILED} (the child crashed)
 * @param reason           why a batch or the cell was skipped or failed; null when completed
 * @param multiplyAdds     multiply-adds per image (convolutions, linear layers, attention, scans)
 * @param flops            2 x multiplyAdds
 * @param tokens           sequence length of the token mixer (ViT: patches; Vim: patches + class token;
 *                         VMamba/MedMamba: first-stage positions); null for the CNN
 * @param throughput       images per second at the largest measured batch; null when none was measured
 * @param throughputBatch  the batch {@code throughput} was measured at
 * @param memory           the child's resident memory; null when it never reported
 * @param predicted        the cost predicted before the cell ran (null fields when there was nothing to predict from)
 * @param seconds          wall time of the child, JVM start included
 */
public record BenchCell(String family, int resolution, String status, String reason, long parameters,
                        long multiplyAdds, long flops, Integer tokens, List<BatchTiming> timings, Double throughput,
                        Integer throughputBatch, MemoryUse memory, Prediction predicted, double seconds) {

    public static final String COMPLETED = "completed";
    public static final String PARTIAL = "partial";
    public static final String SKIPPED = "skipped";
    public static final String FAILED = "failed";

    public BenchCell {
        timings = List.copyOf(timings);
    }

    /** The measured timing at {@code batch}, if any. */
    public Optional<BatchTiming> measured(int batch) {
        return timings.stream().filter(t -> t.batch() == batch && t.isMeasured()).findFirst();
    }

    /** Pixels of one image side squared. */
    public long pixels() {
        return (long) resolution * resolution;
    }

    /**
     * Cost predicted before a cell ran.
     *
     * @param seconds     predicted child seconds for the batches it was asked to run; null without a basis
     * @param peakRssMb   predicted peak resident memory at the largest batch it was asked to run; null without a basis
     * @param basis       what the prediction rests on, in words
     */
    public record Prediction(Double seconds, Double peakRssMb, String basis) {
    }
}
