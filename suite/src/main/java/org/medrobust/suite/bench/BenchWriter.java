package org.medrobust.suite.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.medrobust.reports.bench.BenchReport;
import org.medrobust.reports.bench.EfficiencyCharts;
import org.medrobust.reports.bench.EfficiencyPage;
import org.medrobust.reports.json.ResultJson;

/** Writes bench.json, the three charts and index.html into the output directory. */
public final class BenchWriter {

    public static final String JSON = "bench.json";
    public static final String HTML = "index.html";

    private BenchWriter() {
    }

    public static void write(BenchReport report, Path dir) {
        try {
            Files.createDirectories(dir);
            replace(dir.resolve(JSON), ResultJson.pretty().writeValueAsString(report) + "\n");
            drawCharts(report, dir);
            replace(dir.resolve(HTML), EfficiencyPage.html(report));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bench results to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** bench.json alone (beside a campaign's results, for index.html's resolution profile). */
    public static void writeJson(BenchReport report, Path file) {
        try {
            replace(file, ResultJson.pretty().writeValueAsString(report) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The PNG charts need AWT fonts; a headless host without fontconfig (the GPU image) cannot draw them. The
     * measurements are already in bench.json, so say so and go on instead of losing the run.
     */
    private static void drawCharts(BenchReport report, Path dir) throws IOException {
        try {
            EfficiencyCharts.write(report, dir);
        } catch (RuntimeException | LinkageError e) {
            System.err.println("medrobust: bench charts not drawn (" + e.getMessage() + "); install fontconfig and a"
                    + " font to get them; the measurements are in " + dir.resolve(JSON));
        }
    }

    private static void replace(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
