package org.medrobust.reports.html;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.ScenarioResult;

/** Number formats and small fragments the sections share. */
final class Cells {

    private Cells() {
    }

    static String format(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /** "0.850 [0.77, 0.91]" with the interval in the muted style. */
    static String withInterval(double value, double lower, double upper) {
        return format(value) + " <span class=\"ci\">[" + format(lower) + ", " + format(upper) + "]</span>";
    }

    /** "gaussian_noise s3", or the threat alone where it has no levels. */
    static String scenarioName(ScenarioResult s) {
        return s.severity() == 0 ? s.threat() : s.threat() + " s" + s.severity();
    }

    static String dataKey(ScenarioResult s) {
        return s.dataset() + "/" + s.split();
    }

    static Set<String> datasets(CampaignReport report) {
        Set<String> names = new LinkedHashSet<>();
        report.scenarios().forEach(s -> names.add(dataKey(s)));
        return names;
    }

    static List<ScenarioResult> on(CampaignReport report, String dataset) {
        return report.scenarios().stream().filter(s -> dataKey(s).equals(dataset)).toList();
    }

    /** "PERTURBATION" -> "perturbation", "DOMAIN_SHIFT" -> "domain shift". */
    static String family(String family) {
        return family.toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
