package org.medrobust.reports.html;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.RobustnessCurve;

/** Accuracy against the attack budget eps, one chart per attack and data set, one line per model (report curves). */
final class AttackChartsSection implements ReportSection {

    @Override
    public void render(CampaignReport report, ReportContext context, StringBuilder html) {
        if (report.curves() == null || report.curves().isEmpty()) {
            return;
        }
        Map<String, List<SvgLineChart.Series>> charts = new LinkedHashMap<>();
        for (RobustnessCurve curve : report.curves()) {
            List<SvgLineChart.Point> points = curve.points().stream().map(p -> new SvgLineChart.Point(p.eps(),
                    p.accuracy(), p.accuracyCi95()[0], p.accuracyCi95()[1])).toList();
            charts.computeIfAbsent(curve.threat() + " (" + curve.norm() + ") on " + curve.dataset() + "/" + curve.split(),
                    k -> new ArrayList<>()).add(new SvgLineChart.Series(curve.model(), points));
        }
        html.append("<section id=\"attacks\"><h2>Accuracy against attack budget</h2>\n");
        charts.forEach((title, series) -> html.append(SvgLineChart.render(title, "eps", series,
                AttackChartsSection::epsLabel)).append('\n'));
        html.append("<p class=\"ci\">eps 0 is the clean accuracy; bars are 95 % Wilson intervals.</p></section>\n");
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
