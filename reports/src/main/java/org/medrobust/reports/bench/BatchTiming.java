package org.medrobust.reports.bench;

/**
 * Forward time of one batch size in one cell: {@code repeats} timed calls after warm-up.
 *
 * @param status     {@value #MEASURED} or {@value #SKIPPED}
 * @param reason     why it was skipped; null when measured
 * @param medianMs   median wall time of one forward call (the whole batch), ms
 * @param p90Ms      90th percentile (nearest rank) of the wall time, ms
 * @param cpuMs      median CPU time of the process per call, ms (all threads; less sensitive to other load)
 * @param peakRssMb  the child's peak resident memory (VmHWM) after this batch's calls; batches run in increasing
 *                   size, so this is the peak of this batch size
 */
public record BatchTiming(int batch, String status, String reason, int warmup, int repeats, Double medianMs,
                          Double p90Ms, Double cpuMs, Double peakRssMb) {

    public static final String MEASURED = "measured";
    public static final String SKIPPED = "skipped";

    public static BatchTiming skipped(int batch, String reason) {
        return new BatchTiming(batch, SKIPPED, reason, 0, 0, null, null, null, null);
    }

    public boolean isMeasured() {
        return MEASURED.equals(status);
    }
}
