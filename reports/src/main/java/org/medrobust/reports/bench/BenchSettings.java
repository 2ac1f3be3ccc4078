package org.medrobust.reports.bench;

import java.util.List;

/** What {@code bench models} was asked to measure, and its limits per cell. */
public record BenchSettings(List<String> models, List<Integer> resolutions, List<Integer> batches, int channels,
                            int repeats, double maxSecondsPerCell, double maxMemoryGb) {

    public BenchSettings {
        models = List.copyOf(models);
        resolutions = List.copyOf(resolutions);
        batches = List.copyOf(batches);
    }

    /** The largest batch: throughput is measured there. */
    public int largestBatch() {
        return batches.stream().mapToInt(Integer::intValue).max().orElse(1);
    }
}
