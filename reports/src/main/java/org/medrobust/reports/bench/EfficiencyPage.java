package org.medrobust.reports.bench;

import static org.medrobust.reports.html.Html.escape;

import java.util.List;
import java.util.Locale;

/** {@code index.html} of a bench: the question's answer, the table, the charts, machine and settings. */
public final class EfficiencyPage {

    private EfficiencyPage() {
    }

    public static String html(BenchReport report) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>medrobust efficiency"
                + " profile</title>\n<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto}"
                + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
                + "td:first-child,th:first-child{text-align:left}.note{color:#555}</style></head><body>\n");
        h.append("<h1>Efficiency profile: cost against input resolution</h1>\n");
        BenchMachine m = report.machine();
        h.append("<p class=\"note\">").append(escape(String.format(Locale.ROOT,
                "%s, %d cores, %d MB; Java %s; DJL %s, libtorch %s, %d libtorch thread(s); scan kernel %s; load"
                        + " average %.1f at start (%s). Each (family, resolution) ran in a child JVM of its own;"
                        + " latency is the median (and 90th percentile) of %d timed forward calls after warm-up, in"
                        + " inference mode with random weights.", m.cpuModel(), m.cores(), m.memoryMb(),
                m.javaVersion(), m.djlVersion(), m.libtorchVersion(), m.libtorchThreads(), m.scanKernel(),
                m.loadAverage(), m.startedAt(), report.settings().repeats()))).append("</p>\n");
        h.append("<p><strong>GPU: not used.</strong> ").append(escape(m.accelerator())).append(".</p>\n");
        h.append("<h2>Does Mamba scale linearly and ViT quadratically here?</h2>\n<ul>\n");
        for (String sentence : ScalingVerdict.sentences(report)) {
            h.append("<li>").append(escape(sentence)).append("</li>\n");
        }
        h.append("</ul>\n<h2>Results</h2>\n<table>\n<tr>");
        for (String head : BenchTable.header(report.settings())) {
            h.append("<th>").append(escape(head)).append("</th>");
        }
        h.append("</tr>\n");
        for (List<String> row : BenchTable.rows(report)) {
            h.append("<tr>");
            for (String cell : row) {
                h.append("<td>").append(escape(cell)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n<h3>Skipped and failed</h3>\n<ul>\n");
        for (BenchCell c : report.cells()) {
            for (BatchTiming t : c.timings()) {
                if (!t.isMeasured()) {
                    h.append("<li>").append(escape(c.family() + " " + c.resolution() + " px, batch " + t.batch()
                            + ": " + t.reason())).append("</li>\n");
                }
            }
            if (c.timings().isEmpty() && c.reason() != null) {
                h.append("<li>").append(escape(c.family() + " " + c.resolution() + " px: " + c.reason()))
                        .append("</li>\n");
            }
        }
        h.append("</ul>\n<h2>Charts</h2>\n");
        for (String png : List.of(EfficiencyCharts.LATENCY, EfficiencyCharts.MEMORY, EfficiencyCharts.FLOPS)) {
            h.append("<p><img src=\"").append(png).append("\" alt=\"").append(png).append("\"></p>\n");
        }
        h.append("<p class=\"note\">Numbers in bench.json (schema ").append(BenchReport.SCHEMA)
                .append(").</p>\n</body></html>\n");
        return h.toString();
    }
}
