package org.medrobust.suite.bench;

import java.util.List;
import org.medrobust.reports.bench.BatchTiming;
import org.medrobust.reports.bench.MemoryUse;

/**
 * What a child JVM reports, as one JSON line on stdout after every finished batch (the last line counts; a child
 * killed mid-way still leaves the batches it finished).
 *
 * @param finished true on the last line: every requested batch was measured or skipped by the child itself
 */
record CellOutcome(List<BatchTiming> timings, MemoryUse memory, boolean finished) {

    /** Marks result lines among whatever else a child might print. */
    static final String PREFIX = "MEDROBUST-BENCH-CELL ";

    CellOutcome {
        timings = List.copyOf(timings);
    }
}
