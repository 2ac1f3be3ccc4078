package org.medrobust.reports.html;

import org.medrobust.reports.schema.CampaignReport;

/**
 * One section of index.html. A threat family adds its own views (heatmaps, reliability diagrams) as one small
 * class implementing this, listed in {@link HtmlReport#SECTIONS}: the page is the sections in order.
 */
public interface ReportSection {

    /** Appends this section's HTML, every user string escaped; nothing when the campaign has nothing for it. */
    void render(CampaignReport report, ReportContext context, StringBuilder html);
}
