package org.medrobust.suite.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.medrobust.reports.html.ReportContext;
import org.medrobust.reports.json.ResultJson;

/**
 * report-context.json (schema {@value #SCHEMA}): what index.html shows beside report.json, i.e. the model-card facts
 * and the gallery images the run drew (PNG data URIs). Deterministic like report.json; stored so that
 * {@code medrobust report DIR} re-renders index.html byte for byte without the models, the data or a re-run.
 */
public final class ReportContextFile {

    public static final String NAME = "report-context.json";
    public static final String SCHEMA = "medrobust.report-context/1";
    /** environment.json's entry holding this file's SHA-256 as the run wrote it ({@code {"sha256": ...}}). */
    public static final String ENVIRONMENT_KEY = "reportContext";

    /** The stored form: the facts and the gallery, never timings (those are efficiency.json's). */
    record Stored(String schema, List<ReportContext.ModelFacts> models, List<ReportContext.GalleryItem> gallery) {
    }

    private ReportContextFile() {
    }

    static String json(ReportContext context) throws JsonProcessingException {
        return ResultJson.pretty().writeValueAsString(new Stored(SCHEMA, context.models(), context.gallery())) + "\n";
    }

    /** The stored context of a results directory, or empty when it has none (written before this file existed). */
    public static Optional<ReportContext> read(Path dir) {
        return ReportFiles.optional(dir.resolve(NAME), Stored.class, Stored::schema, SCHEMA)
                .map(stored -> new ReportContext(stored.models(), stored.gallery()));
    }
}
