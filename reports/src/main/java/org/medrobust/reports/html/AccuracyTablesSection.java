package org.medrobust.reports.html;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;

/** Per data set, every scenario's accuracy per model with its interval and its change from the clean accuracy. */
final class AccuracyTablesSection implements ReportSection {

    @Override
    public void render(CampaignReport report, ReportContext context, StringBuilder html) {
        for (String dataset : Cells.datasets(report)) {
            table(html, dataset, Cells.on(report, dataset));
        }
    }

    private static void table(StringBuilder html, String dataset, List<ScenarioResult> scenarios) {
        List<String> models = scenarios.stream().map(ScenarioResult::model).distinct().toList();
        Map<String, Double> clean = CleanAccuracy.of(scenarios);
        Map<String, Map<String, ScenarioResult>> rows = new LinkedHashMap<>();
        for (ScenarioResult s : scenarios) {
            rows.computeIfAbsent(Cells.scenarioName(s), r -> new LinkedHashMap<>()).put(s.model(), s);
        }
        html.append("<section><h2>").append(Html.escape(dataset)).append(": accuracy per model</h2>\n<table><tr>")
                .append("<th class=\"label\">threat</th>");
        models.forEach(m -> html.append("<th>").append(Html.escape(m)).append("</th>"));
        html.append("</tr>\n");
        rows.forEach((row, byModel) -> {
            html.append("<tr><td class=\"label\">").append(Html.escape(row)).append("</td>");
            models.forEach(m -> cell(html, byModel.get(m), clean.get(m)));
            html.append("</tr>\n");
        });
        html.append("</table>\n<p class=\"ci\">Each cell: accuracy [95 % Wilson interval] and, under a threat, the change")
                .append(" from the same model's clean accuracy. Red: a drop of more than 0.10; yellow: more than 0.02;")
                .append(" green: within 0.02. Hover a failed or skipped cell, or a gradient-masking warning, for its")
                .append(" reason.</p></section>\n");
    }

    private static void cell(StringBuilder html, ScenarioResult s, Double clean) {
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
        boolean baseline = "CLEAN".equals(s.family());
        String css = baseline ? "" : drop > 0.10 ? "bad" : drop > 0.02 ? "warn" : "ok";
        double[] ci = s.metrics().accuracyCi95();
        html.append("<td class=\"").append(css).append("\">").append(Cells.withInterval(accuracy, ci[0], ci[1]));
        if (!baseline) {
            html.append("<br><span class=\"drop\">").append(String.format(Locale.ROOT, "%+.3f", -drop)).append("</span>");
        }
        if (s.attack() != null && s.attack().gradientMasking() != null) {
            // a black-box attack beat the white-box ones: this robust accuracy is likely too high (AutoAttack's check)
            html.append("<br><span class=\"fail\" title=\"").append(Html.escape(s.attack().gradientMasking()))
                    .append("\">suspect: gradient masking</span>");
        }
        html.append("</td>");
    }
}
