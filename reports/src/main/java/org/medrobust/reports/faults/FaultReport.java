package org.medrobust.reports.faults;

import java.util.List;

/**
 * The fault section of report.json: per (model, data, fault, severity) summaries over trials, and the
 * vulnerability maps of single-bit trials by layer and by bit position.
 */
public record FaultReport(double criticalDrop, List<FaultSummary> summaries, List<VulnerabilityCell> byLayer,
        List<VulnerabilityCell> byBit) {
}
