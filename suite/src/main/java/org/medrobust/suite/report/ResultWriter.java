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
 * place, so a reader (or a crash) never sees half a file. The views (index.html, the CSVs, the dossier) are rendered
 * from report.json as written, read back, by the same code {@code medrobust report DIR} uses: re-rendering a results
 * directory gives the run's own bytes.
 */
public final class ResultWriter {

    public static final String REPORT_JSON = "report.json";
    public static final String INDEX_HTML = "index.html";
    public static final String ENVIRONMENT_JSON = "environment.json";
    /** The regulatory evidence dossier, as HTML and as PDF; byte-identical across runs on one machine. */
    public static final String DOSSIER_HTML = "dossier.html";
    public static final String DOSSIER_PDF = "dossier.pdf";

    private ResultWriter() {
    }

    public static void write(Path dir, CampaignReport report, Map<String, Object> environment) {
        write(dir, report, environment, ReportContext.empty());
    }

    /** @param context model-card facts and gallery images for index.html (stored in report-context.json) */
    public static void write(Path dir, CampaignReport report, Map<String, Object> environment, ReportContext context) {
        try {
            String json = ResultJson.pretty().writeValueAsString(report) + "\n";
            writeAtomically(dir.resolve(REPORT_JSON), json);
            String contextJson = ReportContextFile.json(context);
            // report-context.json's SHA-256 beside the journal's chain head: verify names an edited context file
            Map<String, Object> env = new java.util.LinkedHashMap<>(environment);
            env.put(ReportContextFile.ENVIRONMENT_KEY, Map.of("sha256", Sha256.of(contextJson)));
            writeAtomically(dir.resolve(ENVIRONMENT_JSON), ResultJson.pretty().writeValueAsString(env) + "\n");
            writeAtomically(dir.resolve(ReportContextFile.NAME), contextJson);
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot write results: " + e.getMessage(), e);
        }
        render(dir, dir.resolve(REPORT_JSON), ReportFiles.environment(dir.resolve(ENVIRONMENT_JSON)), context);
    }

    /**
     * Renders index.html, the CSVs, dossier.html and dossier.pdf into {@code out} from a report.json file: the run
     * and {@code medrobust report} both come here.
     *
     * @param environment environment.json's content (the dossier's environment section); empty when absent
     */
    public static void render(Path out, Path reportJson, Map<String, Object> environment, ReportContext context) {
        try {
            byte[] bytes = Files.readAllBytes(reportJson);
            CampaignReport report = ReportFiles.report(reportJson);
            writeAtomically(out.resolve(INDEX_HTML), HtmlReport.render(report, context));
            writeAtomically(out.resolve(CsvExport.SCENARIOS_CSV), CsvExport.scenarios(report));
            writeAtomically(out.resolve(CsvExport.OUTCOMES_CSV), CsvExport.outcomes(report));
            String sha = Sha256.of(bytes);
            String dossier = DossierHtml.render(report, environment, sha);
            writeAtomically(out.resolve(DOSSIER_HTML), dossier);
            writeAtomically(out.resolve(DOSSIER_PDF), DossierPdf.render(dossier, report.campaign(), sha));
        } catch (IOException e) {
            throw new UncheckedIOException(out + ": cannot write results: " + e.getMessage(), e);
        }
    }

    static void writeAtomically(Path target, String content) throws IOException {
        writeAtomically(target, content.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeAtomically(Path target, byte[] content) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(temporary, content);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
