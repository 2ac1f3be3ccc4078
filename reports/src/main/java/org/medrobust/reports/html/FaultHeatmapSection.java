package org.medrobust.reports.html;

import org.medrobust.reports.schema.CampaignReport;

/** Fault vulnerability: a layer x bit-position heatmap of the changed-prediction rate, where fault trials ran. */
final class FaultHeatmapSection implements ReportSection {

    @Override
    public void render(CampaignReport report, ReportContext context, StringBuilder html) {
        html.append(FaultHeatmap.render(report.scenarios()));
    }
}
