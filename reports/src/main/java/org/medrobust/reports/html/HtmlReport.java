package org.medrobust.reports.html;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.GateVerdict;
import org.medrobust.reports.schema.InputIdentity;
import org.medrobust.reports.schema.ModelInput;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;

/**
 * The self-contained index.html summary: for each data set, a table of clean and threatened accuracy per model
 * (with 95 % intervals and the drop from clean), a chart per threat, the gate verdicts, every input's digest
 * and what each model was fed.
 * No external resources: it opens from a file share or an e-mail attachment.
 */
public final class HtmlReport {

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem;color:#1b1f24;max-width:1200px}
            h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}
            table{border-collapse:collapse;margin:.5rem 0 1rem}
            th,td{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:right;font-variant-numeric:tabular-nums}
            th{background:#f6f8fa}td.label,th.label{text-align:left}
            .ci{color:#57606a;font-size:.8em}.drop{font-size:.8em}
            .bad{background:#ffebe9}.warn{background:#fff8c5}.ok{background:#dafbe1}
            .failed{background:#ffebe9;color:#82071e}.skipped{color:#57606a;font-style:italic}
            code{font-size:.85em}.pass{color:#1a7f37;font-weight:600}.fail{color:#cf222e;font-weight:600}
            """;

    private HtmlReport() {
    }

    public static String render(CampaignReport report) {
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>medrobust: ").append(Html.escape(report.campaign())).append("</title><style>")
                .append(STYLE).append("</style></head><body>\n");
        html.append("<h1>medrobust campaign: ").append(Html.escape(report.campaign())).append("</h1>\n");
        html.append("<p>Seed ").append(report.seed()).append(", config SHA-256 <code>")
                .append(report.configSha256()).append("</code>, ").append(report.scenarios().size())
                .append(" scenarios, ").append(report.failedScenarios()).append(" failed. Full per-sample results in ")
                .append("<code>report.json</code> (").append(Html.escape(report.schema())).append(").</p>\n");
        appendGates(html, report.gates());
        for (String dataset : datasets(report)) {
            appendDataset(html, report, dataset);
        }
        html.append(FaultHeatmap.render(report.scenarios()));
        appendInputs(html, "Models", report.models());
        appendInputs(html, "Data sets", report.datasets());
        html.append("</body></html>\n");
        return html.toString();
    }

    private static Set<String> datasets(CampaignReport report) {
        Set<String> names = new LinkedHashSet<>();
        report.scenarios().forEach(s -> names.add(s.dataset() + "/" + s.split()));
        return names;
    }

    private static void appendGates(StringBuilder html, List<GateVerdict> gates) {
        if (gates.isEmpty()) {
            return;
        }
        long failed = gates.stream().filter(g -> g.status() == GateVerdict.Status.FAIL).count();
        long open = gates.stream().filter(g -> g.status() == GateVerdict.Status.NOT_EVALUATED).count();
        String summary = failed == 0 && open == 0 ? "<span class=\"pass\">all passed</span>"
                : (failed == 0 ? "" : "<span class=\"fail\">" + failed + " failed</span> ")
                        + (open == 0 ? "" : "<span class=\"fail\">" + open + " not evaluated</span>");
        html.append("<h2>Gates: ").append(summary.strip()).append("</h2>\n<table><tr>")
                .append("<th class=\"label\">gate</th><th class=\"label\">on</th><th>verdict</th>")
                .append("<th class=\"label\">detail</th></tr>\n");
        for (GateVerdict g : gates) {
            html.append("<tr><td class=\"label\">").append(Html.escape(g.gate())).append("</td><td class=\"label\">")
                    .append(Html.escape(g.subject())).append("</td><td class=\"").append(g.passed() ? "pass" : "fail")
                    .append("\">").append(g.status().label()).append("</td><td class=\"label\">")
                    .append(Html.escape(g.detail())).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void appendDataset(StringBuilder html, CampaignReport report, String dataset) {
        List<ScenarioResult> scenarios = report.scenarios().stream()
                .filter(s -> (s.dataset() + "/" + s.split()).equals(dataset)).toList();
        List<String> models = scenarios.stream().map(ScenarioResult::model).distinct().toList();
        Map<String, Double> clean = new LinkedHashMap<>();
        Map<String, Map<String, ScenarioResult>> rows = new LinkedHashMap<>();
        for (ScenarioResult s : scenarios) {
            String row = s.severity() == 0 ? s.threat() : s.threat() + " s" + s.severity();
            rows.computeIfAbsent(row, r -> new LinkedHashMap<>()).put(s.model(), s);
            if ("CLEAN".equals(s.family()) && s.status() == ScenarioStatus.COMPLETED) {
                clean.put(s.model(), s.metrics().accuracy());
            }
        }
        html.append("<h2>").append(Html.escape(dataset)).append(": accuracy per model</h2>\n<table><tr>")
                .append("<th class=\"label\">threat</th>");
        models.forEach(m -> html.append("<th>").append(Html.escape(m)).append("</th>"));
        html.append("</tr>\n");
        rows.forEach((row, byModel) -> {
            html.append("<tr><td class=\"label\">").append(Html.escape(row)).append("</td>");
            models.forEach(m -> appendCell(html, byModel.get(m), clean.get(m)));
            html.append("</tr>\n");
        });
        html.append("</table>\n<p class=\"ci\">Each cell: accuracy [95 % Wilson interval] and, under a threat, the change")
                .append(" from the same model's clean accuracy. Red: a drop of more than 0.10; yellow: more than 0.02;")
                .append(" green: within 0.02. Hover a failed or skipped cell for its reason.</p>\n");
        appendCharts(html, dataset, scenarios, clean);
    }

    private static void appendCell(StringBuilder html, ScenarioResult s, Double clean) {
        if (s == null) {
            html.append("<td></td>");
            return;
        }
        if (s.status() != ScenarioStatus.COMPLETED) {
            String css = s.status() == ScenarioStatus.FAILED ? "failed" : "skipped";
            html.append("<td class=\"").append(css).append("\" title=\"").append(Html.escape(s.reason())).append("\">")
                    .append(s.status().name().toLowerCase(Locale.ROOT)).append("</td>");
            return;
        }
        double accuracy = s.metrics().accuracy();
        double drop = clean == null ? 0 : clean - accuracy;
        String css = "CLEAN".equals(s.family()) ? "" : drop > 0.10 ? "bad" : drop > 0.02 ? "warn" : "ok";
        double[] ci = s.metrics().accuracyCi95();
        html.append("<td class=\"").append(css).append("\">").append(format(accuracy))
                .append(" <span class=\"ci\">[").append(format(ci[0])).append(", ").append(format(ci[1]))
                .append("]</span>");
        if (!"CLEAN".equals(s.family())) {
            html.append("<br><span class=\"drop\">").append(String.format(Locale.ROOT, "%+.3f", -drop))
                    .append("</span>");
        }
        html.append("</td>");
    }

    private static void appendCharts(StringBuilder html, String dataset, List<ScenarioResult> scenarios,
            Map<String, Double> clean) {
        Map<String, List<ScenarioResult>> byThreat = new LinkedHashMap<>();
        for (ScenarioResult s : scenarios) {
            if (s.severity() > 0) {
                byThreat.computeIfAbsent(s.threat(), t -> new ArrayList<>()).add(s);
            }
        }
        byThreat.forEach((threat, list) -> html.append("<img alt=\"accuracy against severity for ")
                .append(Html.escape(threat)).append("\" src=\"")
                .append(AccuracyChart.pngDataUri(threat + " on " + dataset, clean, list)).append("\">\n"));
    }

    /** A table of identities; models also get a column of what they were fed and where each part came from. */
    private static void appendInputs(StringBuilder html, String title, List<InputIdentity> inputs) {
        boolean fed = inputs.stream().anyMatch(input -> input.input() != null);
        html.append("<h2>").append(title).append("</h2>\n<table><tr><th class=\"label\">id</th>")
                .append("<th class=\"label\">kind</th><th class=\"label\">source</th><th class=\"label\">SHA-256</th>")
                .append(fed ? "<th class=\"label\">input (origin)</th>" : "").append("</tr>\n");
        for (InputIdentity input : inputs) {
            html.append("<tr><td class=\"label\">").append(Html.escape(input.id())).append("</td><td class=\"label\">")
                    .append(Html.escape(input.kind())).append("</td><td class=\"label\">")
                    .append(Html.escape(input.source())).append("</td><td class=\"label\"><code>")
                    .append(input.sha256()).append("</code></td>");
            if (fed) {
                html.append("<td class=\"label\">").append(input.input() == null ? "" : describe(input.input()))
                        .append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    /** "1x28x28 (sidecar m.onnx.medrobust.yaml)<br>[0, 1] (default)<br>a,b (the data set)", escaped. */
    private static String describe(ModelInput input) {
        return Stream.of(input.shape(), input.valueRange(), input.classes()).filter(Objects::nonNull)
                .map(part -> Html.escape(part.value()) + " (" + Html.escape(part.origin()) + ")")
                .collect(Collectors.joining("<br>"));
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
