package org.medrobust.reports.html;

import java.util.List;
import org.medrobust.reports.schema.CampaignReport;

/**
 * Accuracy against severity, one chart per corruption (and per graded site shift) and data set, one line per model,
 * severity 0 being the clean accuracy; bars are 95 % Wilson intervals ({@link ThreatCharts#severity}).
 */
final class CorruptionChartsSection implements ReportSection {

    @Override
    public void render(CampaignReport report, ReportContext context, StringBuilder html) {
        List<ThreatCharts.Chart> charts = ThreatCharts.severity(report);
        if (!charts.isEmpty()) {
            html.append("<section id=\"corruptions\"><h2>Accuracy against severity</h2>\n");
            charts.forEach(c -> html.append(c.svg()).append('\n'));
            html.append("<p class=\"ci\">Severity 0 is the clean accuracy; bars are 95 % Wilson intervals.</p>")
                    .append("</section>\n");
        }
    }
}
