package org.medrobust.reports.html;

import org.medrobust.reports.schema.CampaignReport;

/** A few samples per model, clean and under each threat, with the model's prediction on each, for a person to look at. */
final class GallerySection implements ReportSection {

    @Override
    public void render(CampaignReport report, ReportContext context, StringBuilder html) {
        if (context.gallery().isEmpty()) {
            return;
        }
        html.append("<section id=\"gallery\"><h2>Gallery</h2>\n");
        for (ReportContext.GalleryItem item : context.gallery()) {
            html.append("<div class=\"gallery\"><p><b>").append(Html.escape(item.model())).append("</b>, ")
                    .append(Html.escape(item.dataset())).append(" sample ").append(item.index()).append(", label ")
                    .append(Html.escape(item.label())).append("</p>");
            for (ReportContext.Panel panel : item.panels()) {
                html.append("<figure><img width=\"112\" alt=\"").append(Html.escape(panel.caption()))
                        .append("\" src=\"").append(Html.escape(panel.pngDataUri())).append("\"><figcaption>")
                        .append(Html.escape(panel.caption())).append("<br><span class=\"")
                        .append(panel.correct() ? "pass" : "fail").append("\">").append(Html.escape(panel.prediction()))
                        .append("</span></figcaption></figure>");
            }
            html.append("</div>\n");
        }
        html.append("<p class=\"ci\">Green: predicted the label; red: did not.</p></section>\n");
    }
}
