package org.medrobust.reports.bench;

import java.util.List;

/**
 * How cost grows with the input: per family, log-log slopes against the number of pixels (1 = linear in tokens, 2 =
 * quadratic); per pair of families, where their batch-1 latency curves cross.
 */
public record ScalingSummary(List<FamilyScaling> families, List<Crossing> crossings) {

    public ScalingSummary {
        families = List.copyOf(families);
        crossings = List.copyOf(crossings);
    }

    /**
     * @param latencySlope     least-squares slope of log(batch-1 median latency) on log(pixels) over every measured
     *                         resolution; null with fewer than two
     * @param latencyTailSlope the same over the two largest measured resolutions (fixed per-call overheads matter least
     *                         there); null with fewer than two
     * @param cpuSlope         as latencySlope, on the batch-1 CPU time per call
     * @param flopsSlope       the same for FLOPs per image, over every resolution (FLOPs need no run)
     * @param measuredResolutions the resolutions with a batch-1 latency
     */
    public record FamilyScaling(String family, Double latencySlope, Double latencyTailSlope, Double cpuSlope,
                                Double flopsSlope, List<Integer> measuredResolutions) {
    }

    /**
     * Where the batch-1 latencies of {@code first} and {@code second} are equal, interpolated linearly in
     * (log resolution, log latency) between neighbouring common resolutions.
     *
     * @param resolutions where the curves cross (image side, px); empty when they do not cross on the common range
     * @param fasterAtSmallest the family faster at the smallest common resolution; null without common resolutions
     * @param fasterAtLargest  the family faster at the largest common resolution
     * @param commonResolutions the resolutions both were measured at
     */
    public record Crossing(String first, String second, List<Double> resolutions, String fasterAtSmallest,
                           String fasterAtLargest, List<Integer> commonResolutions) {
    }
}
