package org.medrobust.reports.html;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.medrobust.reports.faults.FaultStatistics;
import org.medrobust.reports.faults.VulnerabilityCell;
import org.medrobust.reports.schema.ScenarioResult;

/**
 * The fault family's vulnerability heatmaps in index.html: per model and data set, one row per weight tensor, and
 * per hooked layer, point inside a block or scan (state and output apart) that single-bit trials flipped (in the
 * order trials first hit them) and one column per float32 bit position (31 = sign, 30-23 exponent, 22-0 mantissa),
 * each cell shaded by the mean fraction of samples whose prediction changed (silent corruption or NaN) over the
 * single-bit trials that hit that layer at that bit; the title gives trials, mean accuracy and critical trials.
 * Bits no trial hit stay blank. Nothing when the campaign ran no single-bit fault.
 */
public final class FaultHeatmap {

    private FaultHeatmap() {
    }

    public static String render(List<ScenarioResult> scenarios) {
        Map<String, Map<String, VulnerabilityCell>> maps = new LinkedHashMap<>();
        for (VulnerabilityCell c : FaultStatistics.byLayerAndBit(scenarios)) {
            maps.computeIfAbsent(c.model() + " on " + c.dataset() + "/" + c.split(), k -> new LinkedHashMap<>())
                    .put(c.key(), c);
        }
        StringBuilder html = new StringBuilder();
        maps.forEach((title, cells) -> table(html, title, cells));
        return html.toString();
    }

    private static void table(StringBuilder html, String title, Map<String, VulnerabilityCell> cells) {
        Set<String> layers = new LinkedHashSet<>();
        cells.keySet().forEach(key -> layers.add(key.substring(0, key.lastIndexOf(" bit "))));
        html.append("<h2>Fault vulnerability: ").append(Html.escape(title)).append("</h2>\n<table><tr>")
                .append("<th class=\"label\">layer \\ bit</th>");
        for (int bit = 31; bit >= 0; bit--) {
            html.append("<th>").append(bit).append("</th>");
        }
        html.append("</tr>\n");
        for (String layer : layers) {
            html.append("<tr><td class=\"label\"><code>").append(Html.escape(layer)).append("</code></td>");
            for (int bit = 31; bit >= 0; bit--) {
                VulnerabilityCell c = cells.get(layer + " bit " + bit);
                if (c == null) {
                    html.append("<td></td>");
                    continue;
                }
                html.append("<td style=\"background:").append(shade(c.meanSdcRate())).append("\" title=\"")
                        .append(String.format(Locale.ROOT, "%d trial(s), mean accuracy %.3f, %d critical",
                                c.trials(), c.meanAccuracy(), c.criticalTrials()))
                        .append("\">").append(String.format(Locale.ROOT, "%.2f", c.meanSdcRate())).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n<p class=\"ci\">Each cell: mean fraction of samples whose prediction changed (silent")
                .append(" corruption or NaN) over the single-bit fault trials at that layer and bit (rows named activation, scan state or scan")
                .append(" output: transient flips in that layer's output or that scan; the others: weights); white 0,")
                .append(" red 1. Hover for trials, mean accuracy and critical trials (a drop of at least ")
                .append(FaultStatistics.CRITICAL_DROP).append(" or any NaN).</p>\n");
    }

    /** White (0) to red (1), linear in the rate. */
    static String shade(double rate) {
        int fade = (int) Math.round(255 * (1 - Math.clamp(rate, 0, 1)));
        return String.format(Locale.ROOT, "#ff%02x%02x", fade, fade);
    }
}
