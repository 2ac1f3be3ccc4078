package org.medrobust.reports.html;

import java.util.List;
import org.medrobust.reports.schema.CampaignReport;

/**
 * Accuracy against the attack budget eps, one chart per attack and data set, one line per model (report curves,
 * {@link ThreatCharts#budget}).
 */
final class AttackChartsSection implements ReportSection {

    @Override
    public void render(CampaignReport report, ReportContext context, StringBuilder html) {
        List<ThreatCharts.Chart> charts = ThreatCharts.budget(report);
        if (charts.isEmpty()) {
            return;
        }
        html.append("<section id=\"attacks\"><h2>Accuracy against attack budget</h2>\n");
        charts.forEach(c -> html.append(c.svg()).append('\n'));
        html.append("<p class=\"ci\">eps 0 is the clean accuracy; bars are 95 % Wilson intervals.</p></section>\n");
    }
}
