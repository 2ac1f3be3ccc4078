package org.medrobust.reports.bench;

/**
 * Resident memory of a cell's child JVM, from /proc/self/status.
 *
 * @param baselineRssMb VmRSS after the engine started (libtorch loaded, one small op run), before the model is built
 * @param peakRssMb     VmHWM at the end: the peak over the model, its inputs and every forward call
 * @param increaseMb    peakRssMb - baselineRssMb: what the model and its largest measured batch needed
 */
public record MemoryUse(double baselineRssMb, double peakRssMb, double increaseMb) {
}
