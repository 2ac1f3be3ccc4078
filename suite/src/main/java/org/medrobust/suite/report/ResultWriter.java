package org.medrobust.suite.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.medrobust.datasets.util.Sha256;
import org.medrobust.reports.csv.CsvExport;
import org.medrobust.reports.dossier.DossierHtml;
import org.medrobust.reports.dossier.DossierPdf;
import org.medrobust.reports.html.HtmlReport;
import org.medrobust.reports.html.ReportContext;
import org.medrobust.reports.json.ResultJson;
import org.medrobust.reports.schema.CampaignReport;

/**
 * Writes the result files into the output directory. Each file is written to a temporary name and then moved into
 * place, so a reader (or a crash) never sees half a file.
 */
public final class ResultWriter {

    public static final String REPORT_JSON = "report.json";
    public static final String INDEX_HTML = "index.html";
    public static final String ENVIRONMENT_JSON = "environment.json";
    /** The regulatory evidence dossier, as HTML and as PDF; it carries run times, so it differs between runs. */
    public static final String DOSSIER_HTML = "dossier.html";
    public static final String DOSSIER_PDF = "dossier.pdf";

    private ResultWriter() {
    }

    public static void write(Path dir, CampaignReport report, Map<String, Object> environment) {
        write(dir, report, environment, ReportContext.empty());
    }

    /** @param context model-card facts and gallery images for index.html */
    public static void write(Path dir, CampaignReport report, Map<String, Object> environment, ReportContext context) {
        try {
            String json = ResultJson.pretty().writeValueAsString(report) + "\n";
            writeAtomically(dir.resolve(REPORT_JSON), json);
            writeAtomically(dir.resolve(INDEX_HTML), HtmlReport.render(report, context));
            writeAtomically(dir.resolve(CsvExport.SCENARIOS_CSV), CsvExport.scenarios(report));
            writeAtomically(dir.resolve(CsvExport.OUTCOMES_CSV), CsvExport.outcomes(report));
            writeAtomically(dir.resolve(ENVIRONMENT_JSON), ResultJson.pretty().writeValueAsString(environment) + "\n");
            String dossier = DossierHtml.render(report, environment, Sha256.of(json));
            writeAtomically(dir.resolve(DOSSIER_HTML), dossier);
            writeAtomically(dir.resolve(DOSSIER_PDF), DossierPdf.render(dossier));
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot write results: " + e.getMessage(), e);
        }
    }

    private static void writeAtomically(Path target, String content) throws IOException {
        writeAtomically(target, content.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeAtomically(Path target, byte[] content) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(temporary, content);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
