package org.medrobust.reports.faults;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The fault section of report.json: per (model, data, fault, severity) summaries over trials, and the
 * vulnerability maps of single-bit trials by layer and by bit position, and the Bit-Flip Attack's accuracy against
 * the number of flips (absent when it did not run).
 */
public record FaultReport(double criticalDrop, List<FaultSummary> summaries, List<VulnerabilityCell> byLayer,
        List<VulnerabilityCell> byBit, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<BitFlipCurve> bitFlipCurves) {

    /** Curves empty, not null, when read back from a report.json that left them out. */
    public FaultReport {
        bitFlipCurves = bitFlipCurves == null ? List.of() : bitFlipCurves;
    }
}
