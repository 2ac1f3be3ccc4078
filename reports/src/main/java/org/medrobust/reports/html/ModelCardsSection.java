package org.medrobust.reports.html;

import java.util.Locale;
import org.medrobust.reports.efficiency.EfficiencyReport;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.InputIdentity;

/**
 * One card per model: family, architecture, parameters, multiply-adds, SHA-256, and latency (batch 1 and the
 * campaign's batch) and throughput where efficiency.json measured them.
 */
final class ModelCardsSection implements ReportSection {

    @Override
    public void render(CampaignReport report, ReportContext context, StringBuilder html) {
        if (report.models().isEmpty()) {
            return;
        }
        html.append("<section id=\"models\"><h2>Model cards</h2>\n<div class=\"cards\">\n");
        for (InputIdentity model : report.models()) {
            ReportContext.ModelFacts facts = context.facts(model.id());
            html.append("<div class=\"card\"><h3>").append(Html.escape(model.id())).append("</h3><dl>");
            row(html, "family", facts == null ? "user (" + model.kind() + ")" : facts.family());
            if (facts != null) {
                row(html, "architecture", facts.architecture());
                row(html, "parameters", facts.parameters() == null ? null : grouped(facts.parameters()));
                row(html, "multiply-adds / image", facts.multiplyAdds() == null ? null
                        : String.format(Locale.ROOT, "%.1f M", facts.multiplyAdds() / 1e6));
                row(html, "trained on", facts.trainedOn());
            }
            EfficiencyReport.ModelTiming timing = context.timing(model.id());
            if (timing != null) {
                row(html, "latency, batch 1", String.format(Locale.ROOT, "%.2f ms / image", timing.latencyMsBatch1()));
                row(html, "latency, batch " + timing.batch(),
                        String.format(Locale.ROOT, "%.2f ms / image", timing.msPerImageBatch()));
                row(html, "throughput", String.format(Locale.ROOT, "%.0f images / s", timing.throughput()));
                row(html, "working set", timing.memory() == null ? null
                        : String.format(Locale.ROOT, "%.0f MB resident (measured)", timing.memory().increaseMb()));
            }
            row(html, "source", model.source());
            html.append("<dt>SHA-256</dt><dd><code>").append(Html.escape(model.sha256())).append("</code></dd>");
            html.append("</dl></div>\n");
        }
        html.append("</div><p class=\"ci\">Parameters and multiply-adds come from the built-in model cards; a model file")
                .append(" declares neither. ").append(context.efficiency() == null ? EfficiencySection.timingNote(context)
                        : "Latency and throughput: measured (<code>efficiency.json</code>; how: the efficiency profile).").append("</p></section>\n");
    }

    private static void row(StringBuilder html, String term, String value) {
        if (value != null) {
            html.append("<dt>").append(term).append("</dt><dd>").append(Html.escape(value)).append("</dd>");
        }
    }

    private static String grouped(long value) {
        return String.format(Locale.ROOT, "%,d", value).replace(',', '\u202f');
    }
}
