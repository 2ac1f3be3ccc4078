package org.medrobust.reports.html;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.medrobust.reports.bench.BenchCell;
import org.medrobust.reports.bench.BenchReport;
import org.medrobust.reports.schema.CampaignReport;

/**
 * Latency and memory against input resolution, where a bench.json lies beside report.json ({@code medrobust report
 * DIR --measure-efficiency --resolutions ...}, or the bench.json of {@code medrobust bench models}): per family and
 * resolution the latency of one image, the throughput at the largest batch, the child JVM's measured working set
 * and, as its own column, the float32 weight size; two log-log charts (latency and working set against the image
 * side). Each cell was measured in a child JVM of its own, with randomly initialised weights of the family's standard
 * network at that resolution (timing does not depend on the weights).
 */
final class ResolutionSection implements ReportSection {

    @Override
    public void render(CampaignReport report, ReportContext context, StringBuilder html) {
        BenchReport bench = context.bench();
        if (bench == null || bench.cells().isEmpty()) {
            return;
        }
        html.append("<section id=\"resolution\"><h2>Latency and memory against input resolution</h2>\n<table><tr>")
                .append("<th class=\"label\">family</th><th>side (px)</th><th>status</th><th>latency, batch 1</th>")
                .append("<th>throughput</th><th>working set (measured)</th><th>weights</th>")
                .append("<th>multiply-adds / image</th></tr>\n");
        for (BenchCell c : bench.cells()) {
            html.append("<tr><td class=\"label\">").append(Html.escape(c.family())).append("</td><td>")
                    .append(c.resolution()).append("</td><td>").append(Html.escape(c.status()))
                    .append(c.reason() == null ? "" : "<br><span class=\"ci\">" + Html.escape(c.reason()) + "</span>")
                    .append("</td>")
                    .append(cell(c.measured(1).map(t -> fmt("%.2f ms", t.medianMs())).orElse(null)))
                    .append(cell(c.throughput() == null ? null : fmt("%.0f / s", c.throughput()) + " (batch "
                            + c.throughputBatch() + ")"))
                    .append(cell(c.memory() == null ? null : fmt("%.0f MB", c.memory().increaseMb())))
                    .append(cell(fmt("%.1f MB", c.parameters() * 4 / 1e6)))
                    .append(cell(fmt("%.1f M", c.multiplyAdds() / 1e6))).append("</tr>\n");
        }
        html.append("</table>\n");
        html.append(SvgLogLogChart.render("Latency against input resolution", "image side (px, log scale)",
                "ms / image, batch 1", series(bench, true))).append('\n');
        html.append(SvgLogLogChart.render("Working set against input resolution", "image side (px, log scale)",
                "MB resident", series(bench, false))).append('\n');
        html.append("<p class=\"ci\">From <code>bench.json</code> (").append(Html.escape(bench.machine().cpuModel()))
                .append(", ").append(bench.machine().cores()).append(" cores): each family's standard network at each")
                .append(" side, randomly initialised, timed in a child JVM of its own (median of up to ")
                .append(bench.settings().repeats()).append(" forward passes after warm-up). Working set: the child's")
                .append(" peak resident memory minus its resident memory before the network was built; weights:")
                .append(" parameters x 4 bytes. A measurement: this section differs between machines and runs.</p>")
                .append("</section>\n");
    }

    private static List<SvgLogLogChart.Series> series(BenchReport bench, boolean latency) {
        List<SvgLogLogChart.Series> series = new ArrayList<>();
        for (String family : bench.cells().stream().map(BenchCell::family).distinct().toList()) {
            List<SvgLogLogChart.Point> points = new ArrayList<>();
            for (BenchCell c : bench.cells()) {
                if (!c.family().equals(family)) {
                    continue;
                }
                Double y = latency ? c.measured(1).map(t -> t.medianMs()).orElse(null)
                        : c.memory() == null ? null : c.memory().increaseMb();
                if (y != null && y > 0) {
                    points.add(new SvgLogLogChart.Point(c.resolution(), y));
                }
            }
            series.add(new SvgLogLogChart.Series(family, points));
        }
        return series;
    }

    private static String cell(String text) {
        return EfficiencySection.cell(text);
    }

    private static String fmt(String format, double value) {
        return EfficiencySection.fmt(format, value);
    }
}
