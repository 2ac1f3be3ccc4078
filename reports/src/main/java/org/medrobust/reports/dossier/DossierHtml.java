package org.medrobust.reports.dossier;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.medrobust.reports.html.Html;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.GateVerdict;
import org.medrobust.reports.schema.InputIdentity;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;

/**
 * The regulatory evidence dossier, dossier.html: what was tested, on what, how, with which result, and how each risk
 * item traces to evidence and gates. Written as well-formed XHTML (every element closed, only the five XML entities)
 * because the PDF renderer ({@link DossierPdf}) parses it as XML; a browser opens it as is. Self-contained.
 *
 * <p>Sections, numbered as {@link #SECTIONS} lists them: identification, intended use, risk items, environment,
 * inputs and their SHA-256, seeds, threat catalogue, results, gate verdicts, traceability matrix.
 */
public final class DossierHtml {

    /** Section titles, in order; tests check that each is present in the PDF. */
    public static final List<String> SECTIONS = List.of("Identification", "Intended use", "Risk items", "Environment",
            "Inputs and their SHA-256", "Seeds", "Threat catalogue", "Results", "Gate verdicts",
            "Traceability matrix");

    /**
     * The environment.json keys the dossier shows: what the machine and software were. Run times, sessions and the
     * journal's chain head differ between runs and stay in environment.json.
     */
    static final List<String> ENVIRONMENT = List.of("medrobustVersion", "software", "java", "os", "processors", "cpu",
            "device", "libraries");

    private static final String STYLE = """
            @page{size:A4 landscape;margin:14mm;@bottom-right{content:"page " counter(page) " of " counter(pages);font-size:8pt;font-family:'DejaVu Sans',sans-serif}}
            body{font-family:'DejaVu Sans',sans-serif;font-size:9pt;color:#1b1f24}
            h1{font-size:15pt}h2{font-size:12pt;margin-top:14pt;border-bottom:1px solid #d0d7de}
            table{border-collapse:collapse;margin:4pt 0 8pt;width:100%}
            th,td{border:1px solid #d0d7de;padding:2pt 4pt;text-align:left;vertical-align:top}
            th{background:#f6f8fa}td.n{text-align:right}tr{page-break-inside:avoid}
            code{font-family:'DejaVu Sans Mono',monospace;font-size:7.5pt;word-wrap:break-word}
            .pass{color:#1a7f37;font-weight:bold}.fail{color:#cf222e;font-weight:bold}.muted{color:#57606a}
            """;

    private DossierHtml() {
    }

    /**
     * @param environment      environment.json's content (machine, JDK, libraries, times)
     * @param reportJsonSha256 SHA-256 of the report.json bytes this dossier summarises
     */
    public static String render(CampaignReport report, Map<String, Object> environment, String reportJsonSha256) {
        StringBuilder x = new StringBuilder(32_768);
        x.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head>")
                .append("<meta charset=\"utf-8\"/><title>medrobust evidence dossier: ").append(esc(report.campaign()))
                .append("</title><style>").append(STYLE).append("</style></head><body>\n");
        x.append("<h1>Robustness evidence dossier: ").append(esc(report.campaign())).append("</h1>\n");
        identification(x, report, environment, reportJsonSha256);
        intendedUse(x, report);
        risks(x, report);
        environment(x, environment);
        inputs(x, report);
        seeds(x, report);
        catalogue(x, report);
        results(x, report);
        gates(x, report);
        traceability(x, report);
        x.append("</body></html>\n");
        return x.toString();
    }

    private static void heading(StringBuilder x, int index) {
        x.append("<h2>").append(index + 1).append(". ").append(SECTIONS.get(index)).append("</h2>\n");
    }

    private static void identification(StringBuilder x, CampaignReport report, Map<String, Object> env, String sha) {
        heading(x, 0);
        table(x, List.of("item", "value"), List.of(
                List.of("campaign", esc(report.campaign())),
                List.of("result schema", esc(report.schema())),
                List.of("report.json SHA-256", code(sha)),
                List.of("config SHA-256", code(report.configSha256())),
                List.of("software", esc(String.valueOf(env.get("software")))),
                List.of("scenarios", report.scenarios().size() + " planned, " + report.failedScenarios() + " failed"),
                List.of("overall gate verdict", overall(report))));
        x.append("<p class=\"muted\">Per-sample outcomes (prediction, confidence, perturbation size, what each threat")
                .append(" sampled) are in report.json; the hash-chained journal.jsonl records how they were computed.</p>\n");
    }

    private static String overall(CampaignReport report) {
        if (report.gates().isEmpty()) {
            return "no gates configured";
        }
        if (report.anyGateFailed()) {
            return "<span class=\"fail\">FAIL</span>";
        }
        return report.gatesNotEvaluated() > 0 ? "<span class=\"fail\">not evaluated</span>"
                : "<span class=\"pass\">pass</span> (all " + report.gates().size() + " gates)";
    }

    private static void intendedUse(StringBuilder x, CampaignReport report) {
        heading(x, 1);
        String use = RiskItem.intendedUse(report.config());
        x.append("<p>").append(use == null ? "<span class=\"muted\">Not stated: add <code>intendedUse:</code> to the"
                + " campaign config.</span>" : esc(use)).append("</p>\n");
    }

    private static void risks(StringBuilder x, CampaignReport report) {
        heading(x, 2);
        List<RiskItem> risks = RiskItem.of(report.config());
        if (risks.isEmpty()) {
            x.append("<p class=\"muted\">None stated: add <code>risks: [{id, description, threats}]</code> to the")
                    .append(" campaign config to trace risk items to evidence.</p>\n");
            return;
        }
        table(x, List.of("risk", "hazardous situation", "simulated by"), risks.stream()
                .map(r -> List.of(esc(r.id()), esc(r.description()), esc(String.join(", ", r.threats())))).toList());
    }

    private static void environment(StringBuilder x, Map<String, Object> env) {
        heading(x, 3);
        table(x, List.of("item", "value"), ENVIRONMENT.stream().filter(env::containsKey)
                .map(key -> List.of(esc(key), esc(text(env.get(key))))).toList());
        x.append("<p class=\"muted\">When and how long it ran (start, end, sessions, seconds per scenario) is in")
                .append(" environment.json, not here, so that the same campaign on the same machine gives the same")
                .append(" dossier bytes.</p>\n");
    }

    /** "DJL 0.36.0, ONNX Runtime 1.23.2" for a map; the value itself otherwise. */
    private static String text(Object value) {
        return value instanceof Map<?, ?> map ? map.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")) : String.valueOf(value);
    }

    private static void inputs(StringBuilder x, CampaignReport report) {
        heading(x, 4);
        List<List<String>> rows = new java.util.ArrayList<>();
        rows.add(List.of("config", "campaign config (canonical JSON)", "", code(report.configSha256())));
        for (InputIdentity m : report.models()) {
            rows.add(List.of("model", esc(m.id()) + " (" + esc(m.kind()) + ")", esc(m.source()), code(m.sha256())));
        }
        for (InputIdentity d : report.datasets()) {
            rows.add(List.of("data", esc(d.id()) + " (" + esc(d.kind()) + ")", esc(d.source()), code(d.sha256())));
        }
        // a user's site profile (threat parameters profileFile, profileSha256), once per threat
        report.scenarios().stream().filter(s -> s.parameters().get("profileSha256") != null)
                .collect(Collectors.toMap(ScenarioResult::threat, s -> s.parameters(), (a, b) -> a,
                        java.util.TreeMap::new))
                .forEach((threat, p) -> rows.add(List.of("site profile", esc(threat), esc(String.valueOf(
                        p.get("profileFile"))), code(String.valueOf(p.get("profileSha256"))))));
        table(x, List.of("kind", "id", "source", "SHA-256"), rows);
    }

    private static void seeds(StringBuilder x, CampaignReport report) {
        heading(x, 5);
        x.append("<p>Campaign seed <b>").append(report.seed()).append("</b>. Every random draw (noise, attack start,")
                .append(" fault site, bootstrap) is a pure function of this seed, the scenario and the sample index,")
                .append(" so any single result can be recomputed alone and the same seed gives byte-identical")
                .append(" report.json.</p>\n");
    }

    private static void catalogue(StringBuilder x, CampaignReport report) {
        heading(x, 6);
        table(x, List.of("threat", "family", "severity", "parameters applied", "published source"),
                ThreatCatalogue.of(report.scenarios()).stream().map(t -> List.of(esc(t.threat()),
                        esc(t.family().toLowerCase(Locale.ROOT)), String.valueOf(t.severity()),
                        esc(t.parameters().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining(", "))),
                        t.source() == null ? "<span class=\"muted\">none recorded</span>" : esc(t.source()))).toList());
    }

    private static void results(StringBuilder x, CampaignReport report) {
        heading(x, 7);
        table(x, List.of("scenario", "model", "data", "status", "n", "accuracy [95 % Wilson]", "flip rate"),
                report.scenarios().stream().map(DossierHtml::resultRow).toList());
    }

    private static List<String> resultRow(ScenarioResult s) {
        String data = esc(s.dataset() + "/" + s.split());
        if (s.status() != ScenarioStatus.COMPLETED) {
            return List.of(esc(s.id()), esc(s.model()), data, esc(s.status().name().toLowerCase(Locale.ROOT)) + ": "
                    + esc(s.reason()), "", "", "");
        }
        double[] ci = s.metrics().accuracyCi95();
        return List.of(esc(s.id()), esc(s.model()), data, "completed", String.valueOf(s.metrics().samples()),
                String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", s.metrics().accuracy(), ci[0], ci[1]),
                String.format(Locale.ROOT, "%.3f", s.metrics().flipRate()));
    }

    private static void gates(StringBuilder x, CampaignReport report) {
        heading(x, 8);
        if (report.gates().isEmpty()) {
            x.append("<p class=\"muted\">No gates configured.</p>\n");
            return;
        }
        table(x, List.of("gate", "on", "verdict", "detail"), report.gates().stream().map(g -> List.of(esc(g.gate()),
                esc(g.subject()), verdict(g.status()), esc(g.detail()))).toList());
    }

    private static String verdict(GateVerdict.Status status) {
        return "<span class=\"" + (status == GateVerdict.Status.PASS ? "pass" : "fail") + "\">" + status.label()
                + "</span>";
    }

    private static void traceability(StringBuilder x, CampaignReport report) {
        heading(x, 9);
        List<Traceability> rows = Traceability.of(report);
        if (rows.isEmpty()) {
            x.append("<p class=\"muted\">No risk items stated, so nothing to trace.</p>\n");
            return;
        }
        table(x, List.of("risk", "scenarios", "results", "gates", "verdict"), rows.stream().map(t -> List.of(
                esc(t.risk().id()),
                t.scenarios().isEmpty() ? "<span class=\"fail\">none ran</span>"
                        : t.scenarios().stream().map(s -> esc(s.id())).collect(Collectors.joining("<br/>")),
                t.worst() == null ? "<span class=\"muted\">no completed scenario</span>"
                        : t.completed() + " of " + t.scenarios().size() + " completed; lowest accuracy "
                                + String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", t.worst().metrics().accuracy(),
                                        t.worst().metrics().accuracyCi95()[0], t.worst().metrics().accuracyCi95()[1])
                                + " (" + esc(t.worst().id()) + ")",
                t.gates().isEmpty() ? "<span class=\"muted\">none checks these scenarios</span>"
                        : t.gates().stream().map(g -> esc(g.gate()) + " on " + esc(g.subject()) + ": "
                                + g.status().label()).collect(Collectors.joining("<br/>")),
                t.verdict().equals("pass") ? "<span class=\"pass\">pass</span>"
                        : "<span class=\"fail\">" + esc(t.verdict()) + "</span>")).toList());
    }

    /** A table whose cells are already escaped HTML. */
    private static void table(StringBuilder x, List<String> header, List<List<String>> rows) {
        x.append("<table><thead><tr>");
        header.forEach(h -> x.append("<th>").append(esc(h)).append("</th>"));
        x.append("</tr></thead><tbody>\n");
        for (List<String> row : rows) {
            x.append("<tr>");
            row.forEach(cell -> x.append("<td>").append(cell).append("</td>"));
            x.append("</tr>\n");
        }
        x.append("</tbody></table>\n");
    }

    private static String code(String text) {
        return "<code>" + esc(text) + "</code>";
    }

    /** Escaped, and with the control characters XML 1.0 forbids replaced, so a hostile name cannot break the PDF. */
    private static String esc(String text) {
        return Html.escape(text).replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]", "\uFFFD");
    }
}
