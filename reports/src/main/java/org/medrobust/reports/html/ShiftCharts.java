package org.medrobust.reports.html;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleFunction;
import java.util.function.Function;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.shift.Calibration;
import org.medrobust.reports.shift.Detection;
import org.medrobust.reports.shift.Difference;
import org.medrobust.reports.shift.Pairing;
import org.medrobust.reports.shift.Recovery;
import org.medrobust.reports.shift.ScenarioShift;
import org.medrobust.reports.shift.SiteMetrics;
import org.medrobust.reports.shift.SourceDrops;

/**
 * The report's domain-shift section, from report.json's {@code shift}: per data set an accuracy heatmap and an ECE
 * heatmap (rows: the data's own sites and every domain-shift scenario; columns: models), a reliability diagram per
 * model (clean and each domain shift), drop bars (accuracy; balanced accuracy and AUC against the source site), and a
 * table of drops with bootstrap intervals, ECE, Brier and shift-detection AUROC. Inline SVG, no scripts, no external
 * resources; deterministic text for deterministic input.
 */
final class ShiftCharts {

    private static final String DOMAIN_SHIFT = "DOMAIN_SHIFT";
    private static final String CLEAN = "CLEAN";
    private static final String[] SERIES = {"#0969da", "#cf222e", "#1a7f37", "#8250df", "#bf8700", "#57606a"};

    private ShiftCharts() {
    }

    /** Appends the section for every data set that has sites or domain-shift scenarios; nothing otherwise. */
    static void append(StringBuilder html, CampaignReport report) {
        if (report.shift() == null) {
            return;
        }
        Map<String, List<ScenarioShift>> byData = new LinkedHashMap<>();
        for (ScenarioShift s : report.shift().scenarios()) {
            if (DOMAIN_SHIFT.equals(s.family()) || !s.sites().isEmpty()) {
                byData.computeIfAbsent(s.dataset() + "/" + s.split(), k -> new ArrayList<>());
            }
        }
        for (ScenarioShift s : report.shift().scenarios()) {
            if (byData.containsKey(s.dataset() + "/" + s.split())) {
                byData.get(s.dataset() + "/" + s.split()).add(s);
            }
        }
        byData.forEach((data, scenarios) -> appendData(html, data, scenarios, report.shift().level()));
    }

    private static void appendData(StringBuilder html, String data, List<ScenarioShift> scenarios, double level) {
        html.append("<h2>Domain shift: ").append(Html.escape(data)).append("</h2>\n");
        Set<String> models = new LinkedHashSet<>();
        scenarios.forEach(s -> models.add(s.model()));
        appendHeatmap(html, scenarios, List.copyOf(models), "Accuracy by site", "accuracy", SiteMetrics::accuracy,
                ShiftCharts::accuracyOf, ShiftCharts::heat);
        html.append("<p>Expected calibration error (15 equal-width bins, L1; 0: confidence matches accuracy), green at 0"
                + " to red at 0.5 and above.</p>\n");
        appendHeatmap(html, scenarios, List.copyOf(models), "ECE by site", "expected calibration error",
                site -> nanIfNull(site.calibration().ece()), s -> nanIfNull(s.calibration().ece()),
                ece -> heat(1 - 2 * ece));
        html.append("<h3>Reliability</h3>\n<p>Accuracy against confidence in 15 equal-width bins (a calibrated model lies"
                + " on the diagonal); one line per scenario.</p>\n<div>");
        for (String model : models) {
            List<ScenarioShift> mine = scenarios.stream().filter(s -> s.model().equals(model)
                    && (CLEAN.equals(s.family()) || DOMAIN_SHIFT.equals(s.family()))).toList();
            html.append(reliabilitySvg(model, mine));
        }
        html.append("</div>\n");
        String bars = ShiftDropBars.svg(scenarios, List.copyOf(models), SERIES);
        if (!bars.isEmpty()) {
            html.append("<h3>Accuracy drops</h3>\n<p>Per model and domain shift (against the clean pass) and per site"
                    + " (against the source site where the data has one, else against the other sites): the drop as a"
                    + " bar, its bootstrap interval as a whisker.</p>\n").append(bars);
        }
        appendSiteBars(html, scenarios, List.copyOf(models), "Balanced-accuracy drops", "balanced accuracy",
                SourceDrops::balancedAccuracy);
        appendSiteBars(html, scenarios, List.copyOf(models), "AUC drops", "AUC", SourceDrops::auc);
        appendTable(html, scenarios, level);
    }

    private static void appendSiteBars(StringBuilder html, List<ScenarioShift> scenarios, List<String> models,
            String title, String metric, Function<SourceDrops, Difference> which) {
        String bars = ShiftDropBars.siteSvg(scenarios, models, SERIES, metric, which);
        if (!bars.isEmpty()) {
            html.append("<h3>").append(title).append("</h3>\n<p>Per model and site, against the source site (paired by"
                    + " source image where the sites show the same images): the drop as a bar, its bootstrap interval"
                    + " as a whisker.</p>\n").append(bars);
        }
    }

    /**
     * Rows: the clean pass's sites, then each domain-shift scenario; a cell is a model's value there (NaN: no value),
     * coloured by {@code colour}.
     */
    private static void appendHeatmap(StringBuilder html, List<ScenarioShift> scenarios, List<String> models,
            String title, String label, Function<SiteMetrics, Double> ofSite, Function<ScenarioShift, Double> ofShift,
            DoubleFunction<String> colour) {
        Map<String, Map<String, Double>> rows = new LinkedHashMap<>();
        for (ScenarioShift s : scenarios) {
            if (CLEAN.equals(s.family())) {
                for (SiteMetrics site : s.sites()) {
                    rows.computeIfAbsent("site " + site.site(), k -> new LinkedHashMap<>()).put(s.model(),
                            ofSite.apply(site));
                }
            }
        }
        for (ScenarioShift s : scenarios) {
            if (DOMAIN_SHIFT.equals(s.family())) {
                double value = s.calibration().samples() == 0 ? Double.NaN : ofShift.apply(s);
                rows.computeIfAbsent(s.threat(), k -> new LinkedHashMap<>()).put(s.model(), value);
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        // wide enough for the longest model id at 11 px (about 7 px a character)
        int cell = Math.max(64, 7 * models.stream().mapToInt(String::length).max().orElse(0) + 8);
        int rowHeight = 26;
        int labelWidth = 180;
        int width = labelWidth + cell * models.size();
        int height = rowHeight * (rows.size() + 1);
        html.append("<h3>").append(title).append("</h3>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(width).append("\" height=\"").append(height).append("\" role=\"img\" aria-label=\"")
                .append(label).append(" by site and model\" font-family=\"sans-serif\" font-size=\"11\">");
        for (int m = 0; m < models.size(); m++) {
            html.append(text(labelWidth + m * cell + cell / 2.0, rowHeight - 8, "middle", models.get(m)));
        }
        int r = 1;
        for (Map.Entry<String, Map<String, Double>> row : rows.entrySet()) {
            double y = r * rowHeight;
            html.append(text(labelWidth - 6, y + rowHeight - 9, "end", row.getKey()));
            for (int m = 0; m < models.size(); m++) {
                Double value = row.getValue().get(models.get(m));
                double x = labelWidth + m * cell;
                html.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"")
                        .append(cell - 2).append("\" height=\"").append(rowHeight - 2).append("\" fill=\"")
                        .append(value == null || value.isNaN() ? "#eaeef2" : colour.apply(value)).append("\"/>");
                if (value != null && !value.isNaN()) {
                    html.append(text(x + cell / 2.0 - 1, y + rowHeight - 9, "middle", num3(value)));
                }
            }
            r++;
        }
        html.append("</svg>\n");
    }

    private static double nanIfNull(Double value) {
        return value == null ? Double.NaN : value;
    }

    /** The accuracy of a scenario, from its reliability bins (the counts and accuracies sum to it). */
    private static double accuracyOf(ScenarioShift s) {
        double correct = 0;
        for (Calibration.Bin bin : s.calibration().bins()) {
            if (bin.count() > 0) {
                correct += bin.accuracy() * bin.count();
            }
        }
        return correct / s.calibration().samples();
    }

    static String reliabilitySvg(String model, List<ScenarioShift> scenarios) {
        int size = 220;
        int pad = 30;
        double plot = size - 2 * pad;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(size + 150).append("\" height=\"")
                .append(size).append("\" role=\"img\" aria-label=\"reliability diagram of ").append(Html.escape(model))
                .append("\" font-family=\"sans-serif\" font-size=\"10\">");
        svg.append(text(pad + plot / 2, 14, "middle", model));
        svg.append("<rect x=\"").append(pad).append("\" y=\"").append(pad).append("\" width=\"").append(num(plot))
                .append("\" height=\"").append(num(plot)).append("\" fill=\"none\" stroke=\"#8c959f\"/>");
        svg.append("<line x1=\"").append(pad).append("\" y1=\"").append(num(pad + plot)).append("\" x2=\"")
                .append(num(pad + plot)).append("\" y2=\"").append(pad)
                .append("\" stroke=\"#8c959f\" stroke-dasharray=\"3,3\"/>");
        svg.append(text(pad + plot / 2, size - 4, "middle", "confidence"));
        svg.append(text(pad - 4, pad + 8, "end", "1")).append(text(pad - 4, pad + plot, "end", "0"));
        for (int i = 0; i < scenarios.size(); i++) {
            ScenarioShift s = scenarios.get(i);
            String colour = SERIES[i % SERIES.length];
            StringBuilder points = new StringBuilder();
            for (Calibration.Bin bin : s.calibration().bins()) {
                if (bin.count() > 0) {
                    double x = pad + bin.confidence() * plot;
                    double y = pad + (1 - bin.accuracy()) * plot;
                    points.append(num(x)).append(',').append(num(y)).append(' ');
                    svg.append("<circle cx=\"").append(num(x)).append("\" cy=\"").append(num(y)).append("\" r=\"2.5\" fill=\"")
                            .append(colour).append("\"/>");
                }
            }
            svg.append("<polyline points=\"").append(points.toString().strip()).append("\" fill=\"none\" stroke=\"")
                    .append(colour).append("\"/>");
            String label = s.threat() + " (ECE " + format(s.calibration().ece()) + ")";
            svg.append("<rect x=\"").append(size - 10).append("\" y=\"").append(pad + i * 16).append("\" width=\"8\""
                    + " height=\"8\" fill=\"").append(colour).append("\"/>");
            svg.append(text(size + 2, pad + i * 16 + 8, "start", label));
        }
        return svg.append("</svg>").toString();
    }

    private static void appendTable(StringBuilder html, List<ScenarioShift> scenarios, double level) {
        String percent = String.format(Locale.ROOT, "%.0f %%", level * 100);
        html.append("<h3>Drops, calibration and shift detection</h3>\n<p>Drop: reference minus shifted accuracy with its ")
                .append(percent).append(" bootstrap interval (paired against the clean pass for a synthetic shift;"
                        + " for a site, against the source site where the data has one (then also the drops of balanced"
                        + " accuracy and AUC), else against the other sites pooled). AUROC: how well the maximum softmax"
                        + " probability"
                        + " and the energy score tell the shifted samples from the reference (0.5: not at all)."
                        + " Recovered: for a scenario with a test-time mitigation (<code>shift+method</code>), its"
                        + " accuracy minus the unmitigated shift's on the same shifted images (paired).</p>\n")
                .append("<table><tr><th class=\"label\">model</th><th class=\"label\">scenario</th><th class=\"label\">"
                        + "site</th><th>n</th><th>drop</th><th>ECE</th><th>Brier</th><th>MSP AUROC</th>"
                        + "<th>energy AUROC</th><th>recovered</th><th>bal. acc. drop</th><th>AUC drop</th></tr>\n");
        for (ScenarioShift s : scenarios) {
            row(html, s.model(), s.threat(), "all", s.calibration(), s.versusClean(), s.detection());
            html.append("<td>").append(recovered(s.recovery())).append("</td><td>-</td><td>-</td></tr>\n");
            for (SiteMetrics site : s.sites()) {
                SourceDrops source = site.versusSource();
                row(html, s.model(), s.threat(), Html.escape(site.site()) + pairing(source), site.calibration(),
                        source != null ? source.accuracy() : site.versusOthers(), site.detection());
                html.append("<td>-</td><td>").append(source == null ? "-" : interval(source.balancedAccuracy()))
                        .append("</td><td>").append(source == null ? "-" : interval(source.auc()))
                        .append("</td></tr>\n");
            }
        }
        html.append("</table>\n");
    }

    /** @param site the site cell's HTML (escaped) */
    private static void row(StringBuilder html, String model, String threat, String site, Calibration calibration,
            Difference drop, Detection detection) {
        html.append("<tr><td class=\"label\">").append(Html.escape(model)).append("</td><td class=\"label\">")
                .append(Html.escape(threat)).append("</td><td class=\"label\">").append(site)
                .append("</td><td>").append(calibration.samples()).append("</td><td>");
        if (drop != null && drop.drop() != null) {
            html.append(format(drop.drop())).append(" <span class=\"ci\">[").append(format(drop.lower())).append(", ")
                    .append(format(drop.upper())).append("]</span>");
        } else {
            html.append('-');
        }
        html.append("</td><td>").append(format(calibration.ece())).append("</td><td>").append(format(calibration.brier()))
                .append("</td><td>").append(detection == null ? "-" : format(detection.mspAuroc())).append("</td><td>")
                .append(detection == null ? "-" : format(detection.energyAuroc())).append("</td>");
    }

    /** Where the site was paired with the source site on part of its samples: on how many, and what was left out. */
    private static String pairing(SourceDrops source) {
        Pairing p = source == null ? null : source.pairing();
        if (p == null) {
            return "";
        }
        return " <span class=\"ci\">(paired on " + p.images() + " images; left out: " + p.leftOutAtSource() + " at "
                + Html.escape(source.source()) + ", " + p.leftOutAtSite() + " here)</span>";
    }

    private static String interval(Difference drop) {
        if (drop == null || drop.drop() == null) {
            return "-";
        }
        return format(drop.drop()) + " <span class=\"ci\">[" + format(drop.lower()) + ", " + format(drop.upper())
                + "]</span>";
    }

    private static String recovered(Recovery recovery) {
        if (recovery == null || recovery.recovered() == null) {
            return "-";
        }
        return format(recovery.recovered()) + " <span class=\"ci\">[" + format(recovery.lower()) + ", "
                + format(recovery.upper()) + "]</span>";
    }

    /** Red (0) through yellow to green (1), for accuracy (and 1 - 2 ECE). */
    private static String heat(double accuracy) {
        double a = Math.max(0, Math.min(1, accuracy));
        int red = (int) Math.round(a < 0.5 ? 255 : 255 * (1 - a) * 2);
        int green = (int) Math.round(a < 0.5 ? 255 * a * 2 : 255);
        return String.format(Locale.ROOT, "#%02x%02x%02x", (red + 255) / 2, (green + 255) / 2, 170);
    }

    private static String text(double x, double y, String anchor, String content) {
        return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor + "\">" + Html.escape(content)
                + "</text>";
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String num3(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String format(Double value) {
        return value == null || value.isNaN() ? "-" : num3(value);
    }
}
