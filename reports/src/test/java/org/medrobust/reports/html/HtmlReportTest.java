package org.medrobust.reports.html;

import static org.assertj.core.api.Assertions.assertThat;

import static org.medrobust.reports.ReportFixtures.HOSTILE;
import static org.medrobust.reports.ReportFixtures.report;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medrobust.reports.efficiency.EfficiencyReport;
import org.medrobust.reports.schema.AttackMetrics;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.CorruptionErrorReport;
import org.medrobust.reports.schema.ScenarioResult;

class HtmlReportTest {

    static ReportContext context(String model, String other) {
        return new ReportContext(List.of(new ReportContext.ModelFacts(other, "CNN", "ResNet <narrow>", 514_322L,
                44_669_376L, "pneumoniamnist_28")),
                List.of(new ReportContext.GalleryItem(model, "ward/test", 3, "pneumonia",
                        List.of(new ReportContext.Panel("clean", "data:image/png;base64,AAAA", "pneumonia", true),
                                new ReportContext.Panel(HOSTILE, "data:image/png;base64,AAAA\"x", "normal", false)))));
    }

    @Test
    void showsSummaryCardsTablesChartsComparisonsAndGallery() {
        String html = HtmlReport.render(report("m1", "cnn"), context("m1", "cnn"));
        assertThat(html)
                .contains("<section id=\"summary\">", "1 failed</span>", "of 2 gates.")
                .contains("<li><span class=\"fail\">FAIL</span> clean accuracy &gt;= 0.950 on <b>m1clean0</b>")
                .contains("<li><span class=\"pass\">pass</span>")
                // headline: m1's worst perturbation is gaussian_noise s2 at 0.600, with its Wilson interval
                .contains("<th>perturbation</th>", "<th>evasion</th>",
                        "0.600 <span class=\"ci\">[0.502, 0.691]</span><br><span class=\"ci\">gaussian_noise s2</span>")
                .contains("<section id=\"models\">", "<dt>family</dt><dd>CNN</dd>", "<dd>514\u202f322</dd>",
                        "<dd>44.7 M</dd>", "<dt>family</dt><dd>user (onnx)</dd>")
                .contains("0.900", "0.850", "-0.050", "-0.300", "class=\"bad\"", "class=\"warn\"")
                .contains("failed", "non-finite &quot;logits&quot; &lt;b&gt;")
                .contains("<svg class=\"chart\"", "gaussian_noise on ward/test", "pgd_linf (Linf) on ward/test", "1/255")
                .contains("<section id=\"comparisons\">", "<td class=\"label\">m1</td><td class=\"label\">cnn</td>")
                .contains("<section id=\"gallery\">", "sample 3")
                .contains("ab".repeat(32), "cd".repeat(32), "ef".repeat(32))
                .contains("1x28x28 (ONNX model input &#39;image&#39;)<br>[0, 255] (sidecar m.onnx.medrobust.yaml)<br>"
                        + "a,b (the data set)")
                .doesNotContain("<script", "data:image/png;base64,AAAA\"x");
        // cnn minus m1 on the same 100 samples: clean 95 - 90, gaussian_noise s1 94 - 85
        assertThat(html).contains("<td>+0.090", "<td>+0.050").doesNotContain("NaN");
    }

    @Test
    void escapesAHostileModelNameEverywhere() {
        String html = HtmlReport.render(withMce(HOSTILE, "cnn"), timed(HOSTILE, "cnn"));
        assertThat(html).contains("<section id=\"efficiency\">", "mCE vs cnn");
        assertThat(html).doesNotContain("<script", "<img src=x", "'>", "\"x")
                .contains("m&quot;&#39;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;");
        // every tag that opens is one the renderer wrote: none starts inside a user string
        assertThat(html.replaceAll("<(/?)(!DOCTYPE|html|head|meta|link|title|style|body|h[123]|p|section|table|tr|th|td|"
                + "span|br|b|a|ul|li|code|div|dl|dt|dd|svg|text|line|polyline|circle|figure|img|figcaption)\\b", ""))
                .doesNotContain("<");
    }

    @Test
    void flagsGradientMaskingInTheAccuracyTable() {
        CampaignReport r = report("m1", "cnn");
        AttackMetrics suspect = new AttackMetrics(100, 10, 0.1, new double[] {0.05, 0.17}, null, null, null)
                .withGradientMasking("square_linf <b>beat</b> pgd_linf");
        List<ScenarioResult> flagged = r.scenarios().stream().map(s -> !"EVASION".equals(s.family()) ? s
                : new ScenarioResult(s.id(), s.model(), s.dataset(), s.split(), s.family(), s.threat(), s.severity(),
                        s.parameters(), s.status(), s.reason(), s.metrics(), s.outcomes(), suspect)).toList();
        assertThat(flagged).anyMatch(s -> s.attack() != null);
        CampaignReport masked = new CampaignReport(r.schema(), r.campaign(), r.seed(), r.config(), r.configSha256(),
                r.models(), r.datasets(), flagged, r.gates(), r.curves(), r.faults(), r.corruptionErrors(), r.shift());
        assertThat(HtmlReport.render(report("m1", "cnn"), ReportContext.empty()))
                .doesNotContain("suspect: gradient masking");
        assertThat(HtmlReport.render(masked, ReportContext.empty()))
                .contains("title=\"square_linf &lt;b&gt;beat&lt;/b&gt; pgd_linf\">suspect: gradient masking</span>");
    }

    /** The fixture with corruption errors against {@code other}: model 140 % of the baseline's errors, other 100 %. */
    static CampaignReport withMce(String model, String other) {
        CampaignReport r = report(model, other);
        CorruptionErrorReport.Model m = new CorruptionErrorReport.Model(model, 0.1, Map.of("gaussian_noise", 1.4), 1.4,
                Map.of(), null, null, Map.of(), null, Map.of(), null);
        CorruptionErrorReport.Model o = new CorruptionErrorReport.Model(other, 0.05, Map.of("gaussian_noise", 1.0),
                1.0, Map.of(), null, null, Map.of(), null, Map.of(), null);
        CorruptionErrorReport ce = new CorruptionErrorReport(other, "config key baseline", List.of(
                new CorruptionErrorReport.Split("ward", "test", List.of("gaussian_noise"), Map.of(), List.of(m, o))));
        return new CampaignReport(r.schema(), r.campaign(), r.seed(), r.config(), r.configSha256(), r.models(),
                r.datasets(), r.scenarios(), r.gates(), r.curves(), r.faults(), ce, r.shift());
    }

    static ReportContext timed(String model, String other) {
        ReportContext c = context(model, other);
        String sha = "0".repeat(64);
        return c.withEfficiency(new EfficiencyReport(EfficiencyReport.SCHEMA, sha, "cpu <x>", "cpu",
                "a child JVM per model", "2026-11-30T00:00:00Z", 7, List.of(new EfficiencyReport.ModelTiming(model,
                        sha, "1x28x28", 2.5, 64, 0.25, 4000, new org.medrobust.reports.bench.MemoryUse(300, 420, 120)),
                        new EfficiencyReport.ModelTiming(other, sha, "1x28x28", 12.5, 64, 1.5, 666.7, null))));
    }

    @Test
    void summaryNamesTheMceBaselineAndComparisonsCarryHolmAdjustedP() {
        String html = HtmlReport.render(withMce("m1", "cnn"), context("m1", "cnn"));
        assertThat(html).contains("<th>mCE vs cnn</th>", "<td>140.0</td></tr>", "<td>100.0</td></tr>",
                "divided by those of the baseline model <b>cnn</b> (config key baseline)");
        // McNemar on the fixture: clean 90 vs 95 (5 discordant, all for B): p = 2/32; noise s1 85 vs 94: p = 2/512.
        // Holm over the m = 2 tests: 2 x 2/512 = 0.0078125, then max(0.0078125, 1 x 0.0625) = 0.0625.
        assertThat(html).contains("<th>Holm p</th>", "<td>0.0625</td><td>0.0625</td></tr>",
                "<td>0.0039</td><td>0.0078</td></tr>");
        // only the noise row clears 0.05 after adjustment
        assertThat(html.split("<tr class=\"sig\">", -1)).hasSize(2);
        assertThat(HtmlReport.render(report("m1", "cnn"), context("m1", "cnn"))).doesNotContain("mCE vs");
    }

    @Test
    void efficiencyProfileShowsMeasuredLatencyAgainstRobustAccuracy() {
        String html = HtmlReport.render(report("m1", "cnn"), timed("m1", "cnn"));
        assertThat(html).contains("<section id=\"efficiency\">", "<h2>Efficiency profile</h2>",
                "<dt>latency, batch 1</dt><dd>2.50 ms / image</dd>", "<dt>latency, batch 64</dt><dd>0.25 ms / image</dd>",
                "<dt>throughput</dt><dd>4000 images / s</dd>", "Robust accuracy against latency",
                // cnn's card facts: 0.51 M parameters, 2.1 MB of float32 weights, 44.7 M multiply-adds
                "<td>0.51 M</td><td>2.1 MB</td><td>44.7 M</td><td>12.50 ms</td>",
                // m1's worst non-clean, non-fault scenario is pgd_linf at 0.40
                "0.400 <span class=\"ci\">[0.309, 0.498]</span><br><span class=\"ci\">pgd_linf s1</span>",
                "efficiency.json</code>, 2026-11-30T00:00:00Z, cpu &lt;x&gt;, cpu, a child JVM per model",
                "<th>working set (measured)</th>", "<td>120 MB (peak 420 MB)</td>",
                "<dt>working set</dt><dd>120 MB resident (measured)</dd>");
        // without timings: multiply-adds on the x axis where the cards have them; one point draws no chart
        String untimed = HtmlReport.render(report("m1", "cnn"), context("m1", "cnn"));
        assertThat(untimed).contains("<section id=\"efficiency\">", "--measure-efficiency")
                .doesNotContain("Robust accuracy against", "latency, batch 1");
    }

    @Test
    void isDeterministic() {
        assertThat(HtmlReport.render(report("m1", "cnn"), context("m1", "cnn")))
                .isEqualTo(HtmlReport.render(report("m1", "cnn"), context("m1", "cnn")));
    }

    /** A bench.json beside the results: the resolution table, both log-log charts, escaped family names. */
    @Test
    void resolutionProfileShowsLatencyAndMemoryAgainstResolution() {
        var settings = new org.medrobust.reports.bench.BenchSettings(List.of("cnn", "vit"), List.of(28, 64),
                List.of(1, 32), 1, 3, 120, 8);
        var machine = new org.medrobust.reports.bench.BenchMachine(2, "cpu <y>", 1024, "Linux", "25", "vm", "0.36",
                "2.7", 1, "vector", 1.0, null, "2026-11-30T00:00:00Z");
        List<org.medrobust.reports.bench.BenchCell> cells = new java.util.ArrayList<>();
        double[][] ms = {{1.5, 4.0}, {2.0, 16.0}};
        String[] families = {"cnn", "<vit>"};
        for (int f = 0; f < 2; f++) {
            for (int r = 0; r < 2; r++) {
                int side = r == 0 ? 28 : 64;
                var t1 = new org.medrobust.reports.bench.BatchTiming(1, org.medrobust.reports.bench.BatchTiming.MEASURED,
                        null, 2, 3, ms[f][r], ms[f][r], ms[f][r], 400.0);
                cells.add(new org.medrobust.reports.bench.BenchCell(families[f], side, "completed", null, 250_000,
                        1_000_000L * side, 2_000_000L * side, null, List.of(t1), 1000 / ms[f][r], 1,
                        new org.medrobust.reports.bench.MemoryUse(300, 300 + 10 * (r + 1), 10 * (r + 1)), null, 5));
            }
        }
        var bench = new org.medrobust.reports.bench.BenchReport(org.medrobust.reports.bench.BenchReport.SCHEMA,
                machine, settings, cells, null);
        String html = HtmlReport.render(report("m1", "cnn"), context("m1", "cnn").withBench(bench));
        assertThat(html).contains("<section id=\"resolution\">", "<h2>Latency and memory against input resolution</h2>",
                "<td>1.50 ms</td>", "<td>16.00 ms</td>", "<td>20 MB</td>", "<td>1.0 MB</td>",
                "Latency against input resolution", "Working set against input resolution", "&lt;vit&gt;",
                "cpu &lt;y&gt;").doesNotContain("<vit>");
        // two charts, one polyline per family each
        assertThat(html.split("<svg class=\"chart\"", -1).length - 1).isGreaterThanOrEqualTo(2);
        assertThat(HtmlReport.render(report("m1", "cnn"), context("m1", "cnn")))
                .doesNotContain("<section id=\"resolution\">");
    }
}
