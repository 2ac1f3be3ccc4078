package org.medrobust.reports.bench;

import java.util.List;

/**
 * {@code bench.json} of {@code medrobust bench models} (schema {@value #SCHEMA}): where it ran, with which settings,
 * one cell per (family, resolution) and the scaling analysis.
 */
public record BenchReport(String schema, BenchMachine machine, BenchSettings settings, List<BenchCell> cells,
                          ScalingSummary analysis) {

    public static final String SCHEMA = "medrobust.bench/1";

    public BenchReport {
        cells = List.copyOf(cells);
    }
}
