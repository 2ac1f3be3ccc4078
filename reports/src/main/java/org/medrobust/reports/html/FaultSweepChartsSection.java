package org.medrobust.reports.html;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.medrobust.reports.faults.FaultSummary;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.ScenarioResult;

/**
 * Fault sweeps: for every fault model run at two or more severities (e.g. a bit-error-rate sweep), the mean accuracy
 * over trials against the severity, one chart per fault and data split, one line per model (report.json
 * {@code faults.summaries}), bars = Student's t 95 % intervals over trials. The x labels are the bit error rates
 * where the trials recorded one ({@code bitErrorRate}), else the severities.
 */
final class FaultSweepChartsSection implements ReportSection {

    @Override
    public void render(CampaignReport report, ReportContext context, StringBuilder html) {
        if (report.faults() == null) {
            return;
        }
        Map<String, Map<String, List<FaultSummary>>> charts = new LinkedHashMap<>();
        for (FaultSummary s : report.faults().summaries()) {
            if (s.accuracyMean() != null) {
                charts.computeIfAbsent(s.threat() + " on " + s.dataset() + "/" + s.split(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(s.model(), k -> new ArrayList<>()).add(s);
            }
        }
        charts.values().removeIf(byModel -> byModel.values().stream().allMatch(list -> list.size() < 2));
        if (charts.isEmpty()) {
            return;
        }
        Map<String, Map<Integer, String>> labels = rateLabels(report.scenarios());
        html.append("<section id=\"fault-sweeps\"><h2>Fault sweeps: accuracy against severity</h2>\n");
        charts.forEach((title, byModel) -> {
            String threat = byModel.values().iterator().next().getFirst().threat();
            Map<Integer, String> xLabels = labels.getOrDefault(threat, Map.of());
            List<SvgLineChart.Series> series = new ArrayList<>();
            byModel.forEach((model, summaries) -> series.add(new SvgLineChart.Series(model, summaries.stream()
                    .map(s -> new SvgLineChart.Point(s.severity(), s.accuracyMean(),
                            s.accuracyCi95() == null ? Double.NaN : s.accuracyCi95()[0],
                            s.accuracyCi95() == null ? Double.NaN : s.accuracyCi95()[1]))
                    .toList())));
            html.append(SvgLineChart.render(title, xLabels.isEmpty() ? "severity" : "bit error rate", series,
                    x -> xLabels.getOrDefault((int) x, String.valueOf((int) x)))).append('\n');
        });
        html.append("<p class=\"ci\">Mean accuracy over seeded trials; bars are Student's t 95 % intervals over "
                + "trials (none with one trial).</p></section>\n");
    }

    /** Per fault id, severity -> its bit error rate as printed ("1e-05"), where the scenarios recorded one. */
    private static Map<String, Map<Integer, String>> rateLabels(List<ScenarioResult> scenarios) {
        Map<String, Map<Integer, String>> labels = new LinkedHashMap<>();
        for (ScenarioResult s : scenarios) {
            if ("FAULT".equals(s.family()) && s.parameters().get("bitErrorRate") instanceof Number rate) {
                labels.computeIfAbsent(s.threat(), k -> new LinkedHashMap<>()).putIfAbsent(s.severity(),
                        String.format(Locale.ROOT, "%.0e", rate.doubleValue()));
            }
        }
        return labels;
    }
}
