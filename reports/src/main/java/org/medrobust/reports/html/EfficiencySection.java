package org.medrobust.reports.html;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.medrobust.reports.efficiency.EfficiencyReport;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.InputIdentity;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;

/**
 * The efficiency profile: per model its size and cost (parameters, weight memory, multiply-adds, from the model
 * cards) and, where efficiency.json measured them, latency and throughput, against its robust accuracy (the worst
 * completed corruption, attack or site-shift scenario, as in the summary). A scatter plots robust accuracy against
 * the measured latency, or against multiply-adds where nothing was timed. Hardware faults are left out of "robust":
 * they change weights, not images, and say nothing about what a model's cost buys.
 */
final class EfficiencySection implements ReportSection {

    @Override
    public void render(CampaignReport report, ReportContext context, StringBuilder html) {
        List<Row> rows = new ArrayList<>();
        for (InputIdentity model : report.models()) {
            ReportContext.ModelFacts facts = context.facts(model.id());
            EfficiencyReport.ModelTiming timing = context.timing(model.id());
            ScenarioResult worst = worst(report, model.id());
            if ((facts != null || timing != null) && worst != null) {
                rows.add(new Row(model.id(), facts, timing, worst));
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        boolean timed = context.efficiency() != null;
        html.append("<section id=\"efficiency\"><h2>Efficiency profile</h2>\n<table><tr><th class=\"label\">model</th>")
                .append("<th>parameters</th><th>weights</th><th>multiply-adds / image</th>")
                .append(timed ? "<th>latency, batch 1</th><th>latency / image, batch N</th><th>throughput</th>"
                        + "<th>working set (measured)</th>" : "").append("<th>robust accuracy [95 %]</th></tr>\n");
        for (Row row : rows) {
            ReportContext.ModelFacts f = row.facts;
            EfficiencyReport.ModelTiming t = row.timing;
            double[] ci = row.worst.metrics().accuracyCi95();
            html.append("<tr><td class=\"label\">").append(Html.escape(row.model)).append("</td>")
                    .append(cell(f == null || f.parameters() == null ? null : fmt("%.2f M", f.parameters() / 1e6)))
                    .append(cell(f == null || f.parameters() == null ? null : fmt("%.1f MB", f.parameters() * 4 / 1e6)))
                    .append(cell(f == null || f.multiplyAdds() == null ? null : fmt("%.1f M", f.multiplyAdds() / 1e6)));
            if (timed) {
                html.append(cell(t == null ? null : fmt("%.2f ms", t.latencyMsBatch1())))
                        .append(cell(t == null ? null : fmt("%.2f ms", t.msPerImageBatch()) + " (N = " + t.batch() + ")"))
                        .append(cell(t == null ? null : fmt("%.0f / s", t.throughput())))
                        .append(cell(t == null || t.memory() == null ? null : fmt("%.0f MB", t.memory().increaseMb())
                                + fmt(" (peak %.0f MB)", t.memory().peakRssMb())));
            }
            html.append("<td>").append(Cells.withInterval(row.worst.metrics().accuracy(), ci[0], ci[1]))
                    .append("<br><span class=\"ci\">").append(Html.escape(Cells.scenarioName(row.worst)))
                    .append("</span></td></tr>\n");
        }
        html.append("</table>\n");
        chart(rows, html);
        html.append("<p class=\"ci\">Weights: parameters x 4 bytes (float32). Working set: resident memory the model")
                .append(" added to its own JVM (loaded, then timed at batch N), with that JVM's peak in brackets.")
                .append(" Robust accuracy: the lowest accuracy")
                .append(" over the model's completed corruption, attack and site-shift scenarios (faults excluded), with")
                .append(" its 95 % Wilson interval. ").append(timingNote(context)).append("</p></section>\n");
    }

    /** What the timings are, or how to get them; shared with the model cards. */
    static String timingNote(ReportContext context) {
        EfficiencyReport e = context.efficiency();
        if (e == null) {
            return "Latency is a measurement and is not taken during a campaign (it would make this page differ"
                    + " between runs): <code>medrobust report DIR --measure-efficiency</code> times the campaign's"
                    + " models and writes <code>efficiency.json</code>, which this page then shows.";
        }
        return "Latency and throughput are measurements (<code>efficiency.json</code>, " + Html.escape(e.measured())
                + ", " + Html.escape(e.machine()) + ", " + Html.escape(e.device()) + ", "
                + Html.escape(e.isolation()) + "): median wall time of " + e.repeats()
                + " forward passes after warm-up, on images of each model's input shape. With them this page is no longer byte-identical across machines or runs; report.json is.";
    }

    private static void chart(List<Row> rows, StringBuilder html) {
        boolean timed = rows.stream().allMatch(r -> r.timing != null);
        List<SvgScatterChart.Point> points = new ArrayList<>();
        for (Row row : rows) {
            Double x = timed ? Double.valueOf(row.timing.latencyMsBatch1())
                    : row.facts == null || row.facts.multiplyAdds() == null ? null : row.facts.multiplyAdds() / 1e6;
            if (x != null && x > 0) {
                double[] ci = row.worst.metrics().accuracyCi95();
                points.add(new SvgScatterChart.Point(row.model, x, row.worst.metrics().accuracy(), ci[0], ci[1]));
            }
        }
        if (points.size() > 1) {
            html.append(SvgScatterChart.render(timed ? "Robust accuracy against latency"
                    : "Robust accuracy against multiply-adds", timed ? "latency, batch 1 (ms / image, log scale)"
                    : "multiply-adds per image (millions, log scale)", points)).append('\n');
        }
    }

    private static ScenarioResult worst(CampaignReport report, String model) {
        return report.scenarios().stream()
                .filter(s -> s.model().equals(model) && s.status() == ScenarioStatus.COMPLETED)
                .filter(s -> !"CLEAN".equals(s.family()) && !"FAULT".equals(s.family()))
                .min(Comparator.comparingDouble((ScenarioResult s) -> s.metrics().accuracy())
                        .thenComparing(ScenarioResult::id))
                .orElse(null);
    }

    static String cell(String text) {
        return text == null ? "<td></td>" : "<td>" + Html.escape(text) + "</td>";
    }

    static String fmt(String format, double value) {
        return String.format(Locale.ROOT, format, value);
    }

    private record Row(String model, ReportContext.ModelFacts facts, EfficiencyReport.ModelTiming timing,
            ScenarioResult worst) {
    }
}
