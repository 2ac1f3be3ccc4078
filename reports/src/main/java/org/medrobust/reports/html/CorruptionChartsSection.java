package org.medrobust.reports.html;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;

/**
 * Accuracy against severity, one chart per corruption (and per graded site shift) and data set, one line per model,
 * severity 0 being the clean accuracy; bars are 95 % Wilson intervals.
 */
final class CorruptionChartsSection implements ReportSection {

    @Override
    public void render(CampaignReport report, ReportContext context, StringBuilder html) {
        StringBuilder charts = new StringBuilder();
        for (String dataset : Cells.datasets(report)) {
            List<ScenarioResult> scenarios = Cells.on(report, dataset);
            Map<String, ScenarioResult> clean = CleanAccuracy.baselines(scenarios);
            Map<String, List<ScenarioResult>> byThreat = new LinkedHashMap<>();
            for (ScenarioResult s : scenarios) {
                if (s.severity() > 0 && s.status() == ScenarioStatus.COMPLETED
                        && ("PERTURBATION".equals(s.family()) || "DOMAIN_SHIFT".equals(s.family()))) {
                    byThreat.computeIfAbsent(s.threat(), t -> new ArrayList<>()).add(s);
                }
            }
            byThreat.forEach((threat, list) -> charts.append(SvgLineChart.render(threat + " on " + dataset, "severity",
                    series(clean, list), null)).append('\n'));
        }
        if (!charts.isEmpty()) {
            html.append("<section id=\"corruptions\"><h2>Accuracy against severity</h2>\n").append(charts)
                    .append("<p class=\"ci\">Severity 0 is the clean accuracy; bars are 95 % Wilson intervals.</p>")
                    .append("</section>\n");
        }
    }

    static List<SvgLineChart.Series> series(Map<String, ScenarioResult> clean, List<ScenarioResult> scenarios) {
        Map<String, List<SvgLineChart.Point>> byModel = new LinkedHashMap<>();
        for (ScenarioResult s : scenarios) {
            List<SvgLineChart.Point> points = byModel.computeIfAbsent(s.model(), m -> new ArrayList<>());
            ScenarioResult base = clean.get(s.model());
            if (points.isEmpty() && base != null) {
                points.add(point(0, base));
            }
            points.add(point(s.severity(), s));
        }
        List<SvgLineChart.Series> series = new ArrayList<>();
        byModel.forEach((model, points) -> {
            points.sort(java.util.Comparator.comparingDouble(SvgLineChart.Point::x));
            series.add(new SvgLineChart.Series(model, points));
        });
        return series;
    }

    private static SvgLineChart.Point point(double x, ScenarioResult s) {
        double[] ci = s.metrics().accuracyCi95();
        return new SvgLineChart.Point(x, s.metrics().accuracy(), ci[0], ci[1]);
    }
}
