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
        html.append("<section id=\"bit-flip-attack\"><h2>Bit-Flip Attack: accuracy against flipped bits</h2>\n");
        byChart.forEach((title, series) -> html.append(SvgLineChart.render(title, "int8 weight bits flipped", series,
                null)).append('\n'));
        BitFlipCurve c = first.values().iterator().next();
        html.append("<p class=\"ci\">Progressive bit search (Rakin et al. 2019) on int8-quantised weights, each batch of ")
                .append("images attacked on its own with its true labels; 0 flips is the int8 model (the float32 model ")
                .append("is the clean row). Parameters: ").append(Html.escape(String.valueOf(c.parameters().get("flips"))))
                .append(" flips, top-").append(Html.escape(String.valueOf(c.parameters().get("topK"))))
                .append(" weights per layer. Bars are 95 % Wilson intervals.</p></section>\n");
    }
}
