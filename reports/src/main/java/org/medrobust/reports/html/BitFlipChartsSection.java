package org.medrobust.reports.html;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medrobust.reports.faults.BitFlipCurve;
import org.medrobust.reports.schema.CampaignReport;

/**
 * The Bit-Flip Attack: accuracy against the number of flips, one chart per data split, one line per model (report.json
 * {@code faults.bitFlipCurves}), bars = 95 % Wilson intervals.
 */
final class BitFlipChartsSection implements ReportSection {

    @Override
    public void render(CampaignReport report, ReportContext context, StringBuilder html) {
        if (report.faults() == null || report.faults().bitFlipCurves().isEmpty()) {
            return;
        }
        Map<String, List<SvgLineChart.Series>> byChart = new LinkedHashMap<>();
        Map<String, BitFlipCurve> first = new LinkedHashMap<>();
        for (BitFlipCurve curve : report.faults().bitFlipCurves()) {
            String title = curve.threat() + " on " + curve.dataset() + "/" + curve.split();
            List<SvgLineChart.Point> points = curve.points().stream().map(p -> new SvgLineChart.Point(p.flips(),
                    p.accuracy(), p.accuracyCi95()[0], p.accuracyCi95()[1])).toList();
            byChart.computeIfAbsent(title, k -> new ArrayList<>()).add(new SvgLineChart.Series(curve.model(), points));
            first.putIfAbsent(title, curve);
        }
        html.append("<section id=\"bit-flip-attack\"><h2>Bit-Flip Attack: accuracy against search iterations</h2>\n");
        byChart.forEach((title, series) -> html.append(SvgLineChart.render(title,
                "search iterations (one int8 bit each, more where the search escalated)", series, null)).append('\n'));
        BitFlipCurve c = first.values().iterator().next();
        html.append("<p class=\"ci\">Progressive bit search (Rakin et al. 2019) on int8-quantised weights, ")
                .append(Html.escape(attackBatchText(c.parameters())))
                .append("; 0 is the int8 model (the float32 model is the clean row). Parameters: ")
                .append(Html.escape(String.valueOf(c.parameters().get("flips"))))
                .append(" iterations, top-").append(Html.escape(String.valueOf(c.parameters().get("topK"))))
                .append(" weights per layer. Bars are 95 % Wilson intervals.");
        StringBuilder bits = new StringBuilder();
        for (BitFlipCurve curve : report.faults().bitFlipCurves()) {
            Double b = curve.points().getLast().meanBitsFlipped();
            if (b != null) {
                bits.append(bits.isEmpty() ? " Bits flipped after the last iteration (mean over images): " : "; ")
                        .append(Html.escape(curve.model())).append(' ')
                        .append(String.format(java.util.Locale.ROOT, "%.1f", b));
            }
        }
        html.append(bits.isEmpty() ? "" : bits.append('.')).append("</p></section>\n");
    }

    /** Which images the search ran on and against what targets, from the threat's recorded parameters. */
    static String attackBatchText(Map<String, Object> parameters) {
        String targets = "predicted".equals(parameters.get("labels")) ? "the int8 model's own predictions"
                : "their true labels";
        if (!"attackBatch".equals(parameters.get("protocol"))) {
            return "each batch of images attacked on its own against " + targets;
        }
        Object split = parameters.get("attackSplit");
        return "searched once on " + (split == null ? "the first " + parameters.get("attackImages") + " images"
                : parameters.get("attackImages") + " images drawn from the " + split + " split") + " against "
                + targets + ", every image evaluated after each iteration";
    }
}
