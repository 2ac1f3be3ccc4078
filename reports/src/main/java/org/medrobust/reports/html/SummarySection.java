package org.medrobust.reports.html;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.CorruptionErrorReport;
import org.medrobust.reports.schema.GateVerdict;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;

/**
 * The first screen: one verdict line per gate, then a model x threat-family table whose cell is the family's worst
 * case for that model (the lowest accuracy over its completed scenarios, with the 95 % Wilson interval and which
 * scenario it was). The worst case rather than a mean because a release decision turns on the weakest point, and a
 * mean over severities has no sampling interval.
 */
final class SummarySection implements ReportSection {

    @Override
    public void render(CampaignReport report, ReportContext context, StringBuilder html) {
        html.append("<section id=\"summary\"><h2>Summary</h2>\n");
        verdicts(report.gates(), html);
        headline(report, html);
        html.append("</section>\n");
    }

    private static void verdicts(List<GateVerdict> gates, StringBuilder html) {
        if (gates.isEmpty()) {
            html.append("<p>No gates were configured: this campaign gives no pass/fail verdict.</p>\n");
            return;
        }
        long failed = gates.stream().filter(g -> g.status() == GateVerdict.Status.FAIL).count();
        long open = gates.stream().filter(g -> g.status() == GateVerdict.Status.NOT_EVALUATED).count();
        html.append("<p class=\"verdict\">");
        if (failed == 0 && open == 0) {
            html.append("<span class=\"pass\">All ").append(gates.size()).append(" gates passed.</span>");
        } else {
            html.append(failed == 0 ? "" : "<span class=\"fail\">" + failed + " failed</span> ")
                    .append(open == 0 ? "" : "<span class=\"fail\">" + open + " not evaluated</span> ")
                    .append("of ").append(gates.size()).append(" gates.");
        }
        html.append("</p>\n<ul class=\"gates\">\n");
        for (GateVerdict g : gates) {
            String css = g.passed() ? "pass" : "fail";
            html.append("<li><span class=\"").append(css).append("\">").append(g.status().label())
                    .append("</span> ").append(Html.escape(g.gate())).append(" on <b>").append(Html.escape(g.subject()))
                    .append("</b>: ").append(Html.escape(g.detail())).append("</li>\n");
        }
        html.append("</ul>\n");
    }

    private static void headline(CampaignReport report, StringBuilder html) {
        boolean manyData = Cells.datasets(report).size() > 1;
        Set<String> families = new LinkedHashSet<>();
        Map<String, Map<String, ScenarioResult>> worst = new LinkedHashMap<>();
        for (ScenarioResult s : report.scenarios()) {
            String row = manyData ? s.model() + " on " + Cells.dataKey(s) : s.model();
            Map<String, ScenarioResult> cells = worst.computeIfAbsent(row, r -> new LinkedHashMap<>());
            families.add(s.family());
            if (s.status() == ScenarioStatus.COMPLETED) {
                cells.merge(s.family(), s, (a, b) -> lowest().compare(a, b) <= 0 ? a : b);
            }
        }
        if (worst.isEmpty()) {
            return;
        }
        List<String> columns = new ArrayList<>(families);
        Map<String, Double> mce = mce(report.corruptionErrors(), manyData);
        html.append("<table class=\"headline\"><tr><th class=\"label\">model</th>");
        columns.forEach(f -> html.append("<th>").append(Html.escape(Cells.family(f))).append("</th>"));
        if (!mce.isEmpty()) {
            html.append("<th>mCE vs ").append(Html.escape(report.corruptionErrors().baseline())).append("</th>");
        }
        html.append("</tr>\n");
        worst.forEach((row, cells) -> {
            html.append("<tr><td class=\"label\">").append(Html.escape(row)).append("</td>");
            for (String family : columns) {
                ScenarioResult s = cells.get(family);
                if (s == null) {
                    html.append("<td class=\"skipped\">none completed</td>");
                    continue;
                }
                double[] ci = s.metrics().accuracyCi95();
                html.append("<td>").append(Cells.withInterval(s.metrics().accuracy(), ci[0], ci[1]));
                if (!"CLEAN".equals(family)) {
                    html.append("<br><span class=\"ci\">").append(Html.escape(Cells.scenarioName(s))).append("</span>");
                }
                html.append("</td>");
            }
            if (!mce.isEmpty()) {
                Double value = mce.get(row);
                html.append("<td>").append(value == null ? "" : String.format(Locale.ROOT, "%.1f", 100 * value))
                        .append("</td>");
            }
            html.append("</tr>\n");
        });
        html.append("</table>\n<p class=\"ci\">Each cell: the lowest accuracy of that model over the family's completed")
                .append(" scenarios, its 95 % Wilson interval, and the scenario (threat, severity) it came from.");
        if (!mce.isEmpty()) {
            CorruptionErrorReport ce = report.corruptionErrors();
            html.append(" mCE: mean corruption error (Hendrycks &amp; Dietterich 2019), each corruption's errors summed")
                    .append(" over severities and divided by those of the baseline model <b>")
                    .append(Html.escape(ce.baseline())).append("</b> (").append(Html.escape(ce.baselineOrigin()))
                    .append("), averaged over corruptions, in %: 100 = as robust as the baseline, lower = more robust;")
                    .append(" per corruption in <a href=\"#corruption-errors\">Corruption errors</a>.");
        }
        html.append("</p>\n");
    }

    /** mCE by summary row (the model, or "model on data/split" when the campaign has several data sets). */
    private static Map<String, Double> mce(CorruptionErrorReport report, boolean manyData) {
        Map<String, Double> byRow = new LinkedHashMap<>();
        if (report == null) {
            return byRow;
        }
        for (CorruptionErrorReport.Split split : report.datasets()) {
            for (CorruptionErrorReport.Model m : split.models()) {
                if (m.mce() != null) {
                    byRow.put(manyData ? m.model() + " on " + split.dataset() + "/" + split.split() : m.model(), m.mce());
                }
            }
        }
        return byRow;
    }

    private static Comparator<ScenarioResult> lowest() {
        return Comparator.comparingDouble((ScenarioResult s) -> s.metrics().accuracy()).thenComparing(ScenarioResult::id);
    }
}
