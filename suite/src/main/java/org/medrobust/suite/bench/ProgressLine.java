package org.medrobust.suite.bench;

import java.util.Locale;
import org.medrobust.reports.bench.BatchTiming;
import org.medrobust.reports.bench.BenchCell;

/** One stderr line per finished cell. */
final class ProgressLine {

    private ProgressLine() {
    }

    static String of(BenchCell cell) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "bench: %-8s %4dx%-4d %-9s %8.3f GFLOP",
                cell.family(), cell.resolution(), cell.resolution(), cell.status(), cell.flops() / 1e9));
        for (BatchTiming t : cell.timings()) {
            if (t.isMeasured()) {
                line.append(String.format(Locale.ROOT, ", b%d %.1f ms (p90 %.1f, n=%d)", t.batch(), t.medianMs(),
                        t.p90Ms(), t.repeats()));
            }
        }
        if (cell.throughput() != null) {
            line.append(String.format(Locale.ROOT, ", %.1f img/s", cell.throughput()));
        }
        if (cell.memory() != null) {
            line.append(String.format(Locale.ROOT, ", peak %.0f MB (+%.0f)", cell.memory().peakRssMb(),
                    cell.memory().increaseMb()));
        }
        line.append(String.format(Locale.ROOT, ", %.1f s", cell.seconds()));
        if (cell.reason() != null) {
            line.append(" [").append(cell.reason()).append(']');
        }
        return line.toString();
    }
}
