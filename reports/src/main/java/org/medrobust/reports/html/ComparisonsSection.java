package org.medrobust.reports.html;

import java.util.List;
import java.util.Locale;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.stats.HolmBonferroni;
import org.medrobust.reports.stats.PairedComparison;

/**
 * Every pair of models on the same samples under the same threat: the accuracy difference with its paired bootstrap
 * interval and the exact McNemar p-value, so a reader can tell a real robustness gap from noise.
 */
final class ComparisonsSection implements ReportSection {

    @Override
    public void render(CampaignReport report, ReportContext context, StringBuilder html) {
        List<PairedComparison> comparisons = PairedComparison.all(report.scenarios(), report.seed());
        if (comparisons.isEmpty()) {
            return;
        }
        html.append("<section id=\"comparisons\"><h2>Paired comparisons (same samples)</h2>\n<table><tr>")
                .append("<th class=\"label\">threat</th><th class=\"label\">A</th><th class=\"label\">B</th>")
                .append("<th>n</th><th>acc A</th><th>acc B</th><th>B &minus; A [95 % bootstrap]</th>")
                .append("<th>only A right</th><th>only B right</th><th>McNemar p</th><th>Holm p</th></tr>\n");
        double[] holm = HolmBonferroni.adjust(comparisons.stream().mapToDouble(c -> c.mcnemar().p()).toArray());
        for (int i = 0; i < comparisons.size(); i++) {
            PairedComparison c = comparisons.get(i);
            html.append("<tr").append(c.significant(holm[i]) ? " class=\"sig\"" : "").append("><td class=\"label\">")
                    .append(Html.escape(c.severity() == 0 ? c.threat() : c.threat() + " s" + c.severity()))
                    .append("</td><td class=\"label\">").append(Html.escape(c.modelA()))
                    .append("</td><td class=\"label\">").append(Html.escape(c.modelB())).append("</td><td>")
                    .append(c.samples()).append("</td><td>").append(Cells.format(c.accuracyA())).append("</td><td>")
                    .append(Cells.format(c.accuracyB())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%+.3f <span class=\"ci\">[%+.3f, %+.3f]</span>",
                            c.difference().estimate(), c.difference().lower(), c.difference().upper()))
                    .append("</td><td>").append(c.mcnemar().onlyA()).append("</td><td>").append(c.mcnemar().onlyB())
                    .append("</td><td>").append(pValue(c.mcnemar().p())).append("</td><td>").append(pValue(holm[i]))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n<p class=\"ci\">Holm p: McNemar's p adjusted by Holm's step-down procedure over all ")
                .append(comparisons.size()).append(" comparisons of this table (family-wise error rate 0.05 under any")
                .append(" dependence). Highlighted: the Holm-adjusted p is below 0.05 and the paired percentile bootstrap")
                .append(" interval (").append(PairedComparison.RESAMPLES).append(" resamples, seeded from the campaign")
                .append(" seed) excludes 0. Without a highlight the difference may be noise. The intervals are per")
                .append(" comparison (95 % each, not simultaneous).</p></section>\n");
    }

    static String pValue(double p) {
        return p < 1e-4 ? "&lt; 0.0001" : String.format(Locale.ROOT, "%.4f", p);
    }
}
