package org.medrobust.reports.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.SampleOutcome;
import org.medrobust.reports.schema.ScenarioMetrics;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;
import org.medrobust.reports.shift.ShiftStatistics;

/** The domain-shift section of index.html: heatmap cells, one reliability diagram per model, the table; escaped. */
class ShiftChartsTest {

    @Test
    void heatmapReliabilityAndTableFromTheShiftSection() {
        // site north: both right (accuracy 1); south: one of two right (accuracy .5)
        List<SampleOutcome> outcomes = List.of(outcome(0, 1, 1, "north"), outcome(1, 0, 0, "north"),
                outcome(2, 1, 1, "south"), outcome(3, 0, 1, "south"));
        ScenarioResult clean = new ScenarioResult("m<1>@ward/test:clean", "m<1>", "ward", "test", "CLEAN", "clean", 0,
                Map.of(), ScenarioStatus.COMPLETED, null,
                new ScenarioMetrics(4, 3, 0.75, new double[] {0.3, 0.95}, 0, 0.8, 0, 0), outcomes);
        List<ScenarioResult> scenarios = List.of(clean);
        CampaignReport report = new CampaignReport(CampaignReport.SCHEMA, "c", 1, Map.of(), "ab".repeat(32), List.of(),
                List.of(), scenarios, List.of(), List.of(), null, null, ShiftStatistics.of(scenarios, 1));
        String html = HtmlReport.render(report);
        assertThat(html).contains("Domain shift: ward/test", "Accuracy by site", "site north", "site south",
                ">1.000</text>", ">0.500</text>", "Reliability", "Drops, calibration and shift detection")
                .doesNotContain("m<1>").contains("m&lt;1&gt;");
        // the accuracy and ECE heatmaps, one reliability diagram, the accuracy drop bars (no source site: no
        // balanced-accuracy or AUC bars)
        assertThat(html.split("<svg", -1)).hasSize(5);
        assertThat(html).doesNotContain("AUC drops", "Balanced-accuracy drops");
        // ECE: every confidence is 1/(1 + e^-1.5) = .8176; north both right: 1 - .8176 = .182; south half: .318
        String ece = html.substring(html.indexOf("ECE by site"), html.indexOf("Reliability"));
        assertThat(ece).contains("aria-label=\"expected calibration error by site and model\"", ">0.182</text>",
                ">0.318</text>");
        // south against north: a drop of .5
        assertThat(html).contains("<td class=\"label\">south</td><td>2</td><td>0.500");
        // its bar: north (2 of 2 right) resamples to 1 always, south (1 of 2) to 0, .5 or 1: south's drop .5 has the
        // interval [0, 1] and north's -.5 [-1, 0], so the axis is [-1, 1]; south's bar starts at 0, half as wide as
        // 0 .. 1
        String bars = html.substring(html.indexOf("Accuracy drops"));
        assertThat(bars).contains("site south | m&lt;1&gt;", "site north | m&lt;1&gt;", "stroke-dasharray=\"3,3\"");
        java.util.regex.Matcher zero = java.util.regex.Pattern.compile("<line x1=\"([0-9.]+)\" y1=\"20.0\"")
                .matcher(bars);
        assertThat(zero.find()).isTrue();
        double zeroX = Double.parseDouble(zero.group(1));
        double oneX = 300 + 320; // the axis ends at 1.0
        assertThat(zeroX).isEqualTo(460.0);
        assertThat(bars).contains("<rect x=\"" + String.format(java.util.Locale.ROOT, "%.1f", zeroX) + "\"")
                .contains("width=\"" + String.format(java.util.Locale.ROOT, "%.1f", (oneX - zeroX) / 2) + "\"");
    }

    /**
     * With a source site: site "ward" against it, paired by source image. Source: both right; ward: one right of two
     * (both predicted class 1 with the same logits, a tie), so accuracy, balanced accuracy and AUC each drop .5; each
     * metric gets its bars, and the table its columns.
     */
    @Test
    void balancedAccuracyAndAucDropsAgainstTheSourceSite() {
        List<SampleOutcome> outcomes = List.of(outcome(0, 1, 1, "source", "a"), outcome(1, 0, 0, "source", "b"),
                outcome(2, 1, 1, "ward", "a"), outcome(3, 0, 1, "ward", "b"));
        ScenarioResult clean = new ScenarioResult("m@ward/test:clean", "m", "ward", "test", "CLEAN", "clean", 0,
                Map.of(), ScenarioStatus.COMPLETED, null,
                new ScenarioMetrics(4, 3, 0.75, new double[] {0.3, 0.95}, 0, 0.8, 0, 0), outcomes);
        CampaignReport report = new CampaignReport(CampaignReport.SCHEMA, "c", 1, Map.of(), "ab".repeat(32), List.of(),
                List.of(), List.of(clean), List.of(), List.of(), null, null, ShiftStatistics.of(List.of(clean), 1));
        String html = HtmlReport.render(report);
        assertThat(html).contains("Balanced-accuracy drops", "aria-label=\"balanced accuracy drops with intervals\"",
                "AUC drops", "aria-label=\"AUC drops with intervals\"", "<th>bal. acc. drop</th><th>AUC drop</th>");
        // ward's row: accuracy drop .5 (from the source site, not from "the others" = the source alone here too),
        // balanced accuracy: source 1, ward (1 + 0)/2 = .5: drop .5; AUC: source 1, ward: positive 1.5 vs negative
        // 1.5 logits tie: .5, drop .5
        assertThat(html).contains("<td class=\"label\">ward</td><td>2</td><td>0.500");
        assertThat(html.split("<svg", -1)).hasSize(7);
    }

    /**
     * A site holding two of the source site's three images and one of its own: its row says on how many images it was
     * paired and what was left out; a fully paired site's row has no such note.
     */
    @Test
    void aPartlyPairedSiteSaysWhatWasPairedAndLeftOut() {
        List<SampleOutcome> outcomes = List.of(outcome(0, 1, 1, "source", "a"), outcome(1, 0, 0, "source", "b"),
                outcome(2, 0, 0, "source", "c"), outcome(3, 1, 1, "ward", "a"), outcome(4, 0, 1, "ward", "b"),
                outcome(5, 0, 0, "ward", null), outcome(6, 1, 1, "twin", "a"), outcome(7, 0, 0, "twin", "b"),
                outcome(8, 0, 0, "twin", "c"));
        ScenarioResult clean = new ScenarioResult("m@ward/test:clean", "m", "ward", "test", "CLEAN", "clean", 0,
                Map.of(), ScenarioStatus.COMPLETED, null,
                new ScenarioMetrics(9, 8, 8 / 9.0, new double[] {0.6, 1}, 0, 0.8, 0, 0), outcomes);
        CampaignReport report = new CampaignReport(CampaignReport.SCHEMA, "c", 1, Map.of(), "ab".repeat(32), List.of(),
                List.of(), List.of(clean), List.of(), List.of(), null, null, ShiftStatistics.of(List.of(clean), 1));
        String html = HtmlReport.render(report);
        // ward on a and b: source 2 of 2 right, ward 1 of 2: a drop of .5 (over all rows it would be 1 - 2/3)
        assertThat(html).contains("<td class=\"label\">ward <span class=\"ci\">(paired on 2 images; left out: 1 at"
                + " source, 1 here)</span></td><td>3</td><td>0.500");
        assertThat(html).contains("<td class=\"label\">twin</td><td>3</td><td>0.000");
    }

    @Test
    void nothingWithoutSitesOrDomainShifts() {
        ScenarioResult clean = new ScenarioResult("m@ward/test:clean", "m", "ward", "test", "CLEAN", "clean", 0,
                Map.of(), ScenarioStatus.COMPLETED, null,
                new ScenarioMetrics(1, 1, 1, new double[] {0.2, 1}, 0, 0.8, 0, 0), List.of(outcome(0, 1, 1, null)));
        CampaignReport report = new CampaignReport(CampaignReport.SCHEMA, "c", 1, Map.of(), "ab".repeat(32), List.of(),
                List.of(), List.of(clean), List.of(), List.of(), null, null, ShiftStatistics.of(List.of(clean), 1));
        assertThat(HtmlReport.render(report)).doesNotContain("Domain shift");
    }

    private static SampleOutcome outcome(int index, int label, int prediction, String site) {
        return outcome(index, label, prediction, site, null);
    }

    private static SampleOutcome outcome(int index, int label, int prediction, String site, String image) {
        float z1 = prediction == 1 ? 1.5f : -1.5f;
        return new SampleOutcome(index, label, prediction, prediction, 1 / (1 + Math.exp(-Math.abs(z1))), 0, 0,
                Map.of(), site, List.of(0f, z1), image);
    }
}
