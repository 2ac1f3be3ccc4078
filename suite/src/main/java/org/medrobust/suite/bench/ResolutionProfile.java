package org.medrobust.suite.bench;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.models.zoo.Architectures;
import org.medrobust.reports.bench.BenchReport;
import org.medrobust.reports.bench.BenchSettings;
import org.medrobust.reports.html.ReportContext;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.suite.report.ModelFactsReader;

/**
 * The resolution profile of a campaign ({@code medrobust report DIR --measure-efficiency --resolutions ...}): the
 * {@code bench models} run ({@link BenchRunner}: each family and side in a child JVM, with its limits and skips)
 * restricted to the families of the campaign's built-in models, at batch 1 and the campaign's batch size. A model
 * file has no family to rebuild at another resolution, so it is not profiled.
 */
public final class ResolutionProfile {

    /** The limits of {@code bench models}' defaults. */
    static final double MAX_SECONDS_PER_CELL = 120;
    static final double MAX_MEMORY_GB = 8;

    private ResolutionProfile() {
    }

    /** @param sides checked image sides (as {@code bench models --resolutions} accepts them) */
    public static BenchReport measure(CampaignReport report, List<Integer> sides, int repeats, int batch,
            PrintWriter progress) {
        List<String> families = ModelFactsReader.of(report.models()).stream().map(ReportContext.ModelFacts::family)
                .map(f -> f.toLowerCase(Locale.ROOT)).filter(Architectures.TRAINABLE::contains).distinct().toList();
        if (families.isEmpty()) {
            throw new InvalidInputException("--resolutions: the campaign has no built-in model of a family medrobust "
                    + "can rebuild at another resolution (" + String.join(", ", Architectures.TRAINABLE) + ")");
        }
        List<Integer> batches = Stream.of(1, batch).distinct().sorted().toList();
        BenchSettings settings = new BenchSettings(families, sides.stream().distinct().sorted().toList(), batches, 1,
                repeats, MAX_SECONDS_PER_CELL, MAX_MEMORY_GB);
        return new BenchRunner(settings, progress).run();
    }
}
