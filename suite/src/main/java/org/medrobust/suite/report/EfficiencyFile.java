package org.medrobust.suite.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.util.IoErrors;
import org.medrobust.reports.efficiency.EfficiencyReport;
import org.medrobust.reports.json.ResultJson;

/**
 * efficiency.json beside report.json: the measured latency and throughput of the campaign's models. Present only
 * where someone measured ({@code medrobust report DIR --measure-efficiency}); index.html shows it when present.
 */
public final class EfficiencyFile {

    public static final String NAME = "efficiency.json";
    /** The resolution profile beside the results ({@code bench models}' bench.json format). */
    public static final String BENCH = "bench.json";

    private EfficiencyFile() {
    }

    public static void write(Path dir, EfficiencyReport efficiency) {
        try {
            ResultWriter.writeAtomically(dir.resolve(NAME), ResultJson.pretty().writeValueAsString(efficiency) + "\n");
        } catch (IOException e) {
            throw new InvalidInputException(dir.resolve(NAME) + ": cannot write: " + IoErrors.why(e));
        }
    }

    /** The resolution profile of a results directory (bench.json), or empty when it has none. */
    public static Optional<org.medrobust.reports.bench.BenchReport> bench(Path dir) {
        return ReportFiles.optional(dir.resolve(BENCH), org.medrobust.reports.bench.BenchReport.class,
                org.medrobust.reports.bench.BenchReport::schema, org.medrobust.reports.bench.BenchReport.SCHEMA);
    }

    /** The measurements of a results directory, or empty when nobody measured. */
    public static Optional<EfficiencyReport> read(Path dir) {
        return ReportFiles.optional(dir.resolve(NAME), EfficiencyReport.class, EfficiencyReport::schema,
                EfficiencyReport.SCHEMA);
    }
}
