package org.medrobust.reports.html;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.RobustnessCurve;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;

/**
 * The per-threat charts of a report, for index.html's chart sections and as Allure attachments: accuracy against
 * severity per corruption (and graded site shift), accuracy against eps per attack, each per data split, one line per
 * model, bars = 95 % Wilson intervals.
 */
public final class ThreatCharts {

    /**
     * @param threat  the threat id the chart is about
     * @param dataset "name/split"
     */
    public record Chart(String threat, String dataset, String title, String svg) {

        /** The chart as a file of its own: index.html's chart styles inside the SVG. */
        public String standalone() {
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg.replaceFirst("<title>", "<style>"
                    + "text{font-family:sans-serif}.ct{font-size:13px;font-weight:600}.cl{font-size:12px}"
                    + ".cg{stroke:#eaeef2}</style><title>") + "\n";
        }
    }

    private ThreatCharts() {
    }

    /** Every chart: against severity first, then against eps. */
    public static List<Chart> all(CampaignReport report) {
        List<Chart> charts = new ArrayList<>(severity(report));
        charts.addAll(budget(report));
        return charts;
    }

    static List<Chart> severity(CampaignReport report) {
        List<Chart> charts = new ArrayList<>();
        for (String dataset : Cells.datasets(report)) {
            List<ScenarioResult> scenarios = Cells.on(report, dataset);
            Map<String, ScenarioResult> clean = CleanAccuracy.baselines(scenarios);
            Map<String, List<ScenarioResult>> byThreat = new LinkedHashMap<>();
            for (ScenarioResult s : scenarios) {
                if (s.severity() > 0 && s.status() == ScenarioStatus.COMPLETED
                        && ("PERTURBATION".equals(s.family()) || "DOMAIN_SHIFT".equals(s.family()))) {
                    byThreat.computeIfAbsent(s.threat(), t -> new ArrayList<>()).add(s);
                }
            }
            byThreat.forEach((threat, list) -> {
                String title = threat + " on " + dataset;
                charts.add(new Chart(threat, dataset, title,
                        SvgLineChart.render(title, "severity", series(clean, list), null)));
            });
        }
        return charts;
    }

    static List<Chart> budget(CampaignReport report) {
        if (report.curves() == null) {
            return List.of();
        }
        Map<String, List<SvgLineChart.Series>> byChart = new LinkedHashMap<>();
        Map<String, RobustnessCurve> first = new LinkedHashMap<>();
        for (RobustnessCurve curve : report.curves()) {
            List<SvgLineChart.Point> points = curve.points().stream().map(p -> new SvgLineChart.Point(p.eps(),
                    p.accuracy(), p.accuracyCi95()[0], p.accuracyCi95()[1])).toList();
            String title = curve.threat() + " (" + curve.norm() + ") on " + curve.dataset() + "/" + curve.split();
            byChart.computeIfAbsent(title, k -> new ArrayList<>()).add(new SvgLineChart.Series(curve.model(), points));
            first.putIfAbsent(title, curve);
        }
        List<Chart> charts = new ArrayList<>();
        byChart.forEach((title, series) -> {
            RobustnessCurve c = first.get(title);
            charts.add(new Chart(c.threat(), c.dataset() + "/" + c.split(), title,
                    SvgLineChart.render(title, "eps", series, ThreatCharts::epsLabel)));
        });
        return charts;
    }

    static List<SvgLineChart.Series> series(Map<String, ScenarioResult> clean, List<ScenarioResult> scenarios) {
        Map<String, List<SvgLineChart.Point>> byModel = new LinkedHashMap<>();
        for (ScenarioResult s : scenarios) {
            List<SvgLineChart.Point> points = byModel.computeIfAbsent(s.model(), m -> new ArrayList<>());
            ScenarioResult base = clean.get(s.model());
            if (points.isEmpty() && base != null) {
                points.add(point(0, base));
            }
            points.add(point(s.severity(), s));
        }
        List<SvgLineChart.Series> series = new ArrayList<>();
        byModel.forEach((model, points) -> {
            points.sort(java.util.Comparator.comparingDouble(SvgLineChart.Point::x));
            series.add(new SvgLineChart.Series(model, points));
        });
        return series;
    }

    private static SvgLineChart.Point point(double x, ScenarioResult s) {
        double[] ci = s.metrics().accuracyCi95();
        return new SvgLineChart.Point(x, s.metrics().accuracy(), ci[0], ci[1]);
    }

    /** Budgets are usually k/255: print them so, else with four significant digits. */
    static String epsLabel(double eps) {
        double k = eps * 255;
        if (eps > 0 && Math.abs(k - Math.rint(k)) < 1e-6) {
            return (long) Math.rint(k) + "/255";
        }
        return eps == 0 ? "0" : String.format(Locale.ROOT, "%.4g", eps);
    }
}
