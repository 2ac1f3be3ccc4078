package org.medrobust.reports.html;

import org.medrobust.reports.schema.CampaignReport;

/** Corruption errors (CE, mCE, BE, rBE) in % of the baseline model, where corruption scenarios ran. */
final class CorruptionErrorsSection implements ReportSection {

    @Override
    public void render(CampaignReport report, ReportContext context, StringBuilder html) {
        if (report.corruptionErrors() != null) {
            html.append("<section id=\"corruption-errors\">\n");
            CorruptionErrorHtml.append(html, report.corruptionErrors());
            html.append("</section>\n");
        }
    }
}
