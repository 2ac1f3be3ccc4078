package org.medrobust.reports.html;

import java.util.List;
import org.medrobust.reports.schema.CampaignReport;

/**
 * The self-contained comparative report, index.html: a summary (a verdict line per gate, a model x threat-family
 * table with intervals), model cards, accuracy tables, inline-SVG charts per threat family, paired comparisons
 * between models, a gallery, and every input's digest. No script and no external resource: it opens from a file
 * share or an e-mail attachment. Deterministic: the same report and context give the same bytes.
 */
public final class HtmlReport {

    /**
     * The page, in order. Threat families add their own views here as small {@link ReportSection} classes: the fault
     * family's accuracy against BER and bit-position/layer heatmaps after the attack charts, the shift family's site x
     * model heatmaps and reliability diagrams beside them.
     */
    static final List<ReportSection> SECTIONS = List.of(new SummarySection(), new ModelCardsSection(),
            new EfficiencySection(), new ResolutionSection(), new AccuracyTablesSection(), new CorruptionChartsSection(),
            new AttackChartsSection(), new CorruptionErrorsSection(), new ShiftSection(), new FaultHeatmapSection(),
            new FaultSweepChartsSection(), new BitFlipChartsSection(),
            new ComparisonsSection(), new GallerySection(), new InputsSection());

    static final String STYLE = """
            body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem;color:#1b1f24;max-width:1200px}
            h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}h3{font-size:1rem;margin:.2rem 0}
            table{border-collapse:collapse;margin:.5rem 0 1rem}
            th,td{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:right;font-variant-numeric:tabular-nums}
            th{background:#f6f8fa}td.label,th.label{text-align:left}td:not(.label){white-space:nowrap}
            section{overflow-x:auto}
            .ci{color:#57606a;font-size:.8em}.drop{font-size:.8em}
            .bad{background:#ffebe9}.warn{background:#fff8c5}.ok{background:#dafbe1}tr.sig td{background:#ddf4ff}
            .failed{background:#ffebe9;color:#82071e}.skipped{color:#57606a;font-style:italic}
            code{font-size:.85em;word-break:break-all}.pass{color:#1a7f37;font-weight:600}.fail{color:#cf222e;font-weight:600}
            ul.gates{padding-left:1.2rem}.verdict{font-size:1.1rem}
            .cards{display:flex;flex-wrap:wrap;gap:1rem}.card{border:1px solid #d0d7de;border-radius:6px;padding:.6rem;width:340px}
            .card dl{display:grid;grid-template-columns:auto 1fr;gap:.1rem .6rem;margin:0;font-size:.85em}.card dd{margin:0}
            svg.chart{margin:.5rem 1rem .5rem 0;border:1px solid #d0d7de;background:#fff}
            svg .ct{font-size:13px;font-weight:600}svg .cl{font-size:12px}svg .cg{stroke:#eaeef2}
            .gallery figure{display:inline-block;margin:0 .5rem .5rem 0;text-align:center;font-size:.8em}
            .gallery img{image-rendering:pixelated;border:1px solid #d0d7de}
            """;

    private HtmlReport() {
    }

    public static String render(CampaignReport report) {
        return render(report, ReportContext.empty());
    }

    public static String render(CampaignReport report, ReportContext context) {
        StringBuilder html = new StringBuilder(65_536);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width\"><link rel=\"icon\" href=\"data:,\">")
                .append("<title>medrobust: ").append(Html.escape(report.campaign())).append("</title><style>")
                .append(STYLE).append("</style></head><body>\n");
        html.append("<h1>medrobust campaign: ").append(Html.escape(report.campaign())).append("</h1>\n");
        html.append("<p>Seed ").append(report.seed()).append(", config SHA-256 <code>")
                .append(Html.escape(report.configSha256())).append("</code>, ").append(report.scenarios().size())
                .append(" scenarios, ").append(report.failedScenarios()).append(" failed. Full per-sample results in ")
                .append("<code>report.json</code> (").append(Html.escape(report.schema())).append(").</p>\n");
        for (ReportSection section : SECTIONS) {
            section.render(report, context, html);
        }
        html.append("</body></html>\n");
        return html.toString();
    }
}
