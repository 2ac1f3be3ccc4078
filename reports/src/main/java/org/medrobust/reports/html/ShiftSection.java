package org.medrobust.reports.html;

import org.medrobust.reports.schema.CampaignReport;

/** Domain shift: site x model heatmap, reliability diagrams and drops with intervals, where sites or shifts ran. */
final class ShiftSection implements ReportSection {

    @Override
    public void render(CampaignReport report, ReportContext context, StringBuilder html) {
        ShiftCharts.append(html, report);
    }
}
