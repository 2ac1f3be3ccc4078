package org.medrobust.reports.html;

import java.util.Locale;
import java.util.Map;
import org.medrobust.reports.schema.CorruptionErrorReport;

/**
 * The HTML section of corruption errors: per data split, one row per model with mCE, relative mCE, mean BE and
 * rBE, then CE per corruption, all in % of the baseline (ImageNet-C's convention: 100 = the baseline).
 */
final class CorruptionErrorHtml {

    private CorruptionErrorHtml() {
    }

    static void append(StringBuilder html, CorruptionErrorReport report) {
        if (report == null) {
            return;
        }
        for (CorruptionErrorReport.Split split : report.datasets()) {
            html.append("<h2>").append(Html.escape(split.dataset() + "/" + split.split()))
                    .append(": corruption error relative to ").append(Html.escape(report.baseline()))
                    .append(" (").append(Html.escape(report.baselineOrigin())).append(")</h2>\n<table><tr>")
                    .append("<th class=\"label\">model</th><th>mCE</th><th>relative mCE</th><th>BE</th><th>rBE</th>");
            split.corruptions().forEach(c -> html.append("<th>CE ").append(Html.escape(c)).append("</th>"));
            html.append("</tr>\n");
            for (CorruptionErrorReport.Model m : split.models()) {
                html.append("<tr><td class=\"label\">").append(Html.escape(m.model())).append("</td>");
                cell(html, m.mce());
                cell(html, m.relativeMce());
                cell(html, m.meanBe());
                cell(html, m.meanRelativeBe());
                split.corruptions().forEach(c -> cell(html, m.ce().get(c)));
                html.append("</tr>\n");
            }
            html.append("</table>\n<p class=\"ci\">In % of the baseline's error summed over severities (CE,")
                    .append(" ImageNet-C); relative: errors minus clean error; BE/rBE: the same on balanced error")
                    .append(" (MedMNIST-C). Below 100: more robust than the baseline. Empty: undefined (the baseline")
                    .append(" made no error or was not degraded).");
            for (Map.Entry<String, String> e : split.excluded().entrySet()) {
                html.append(" Not in the means: ").append(Html.escape(e.getKey())).append(" (")
                        .append(Html.escape(e.getValue())).append(").");
            }
            html.append("</p>\n");
        }
    }

    private static void cell(StringBuilder html, Double value) {
        html.append("<td>").append(value == null ? "" : String.format(Locale.ROOT, "%.1f", 100 * value))
                .append("</td>");
    }
}
