package org.medrobust.reports.html;

import static org.assertj.core.api.Assertions.assertThat;

import static org.medrobust.reports.ReportFixtures.HOSTILE;
import static org.medrobust.reports.ReportFixtures.report;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.medrobust.reports.schema.AttackMetrics;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.ScenarioResult;

class HtmlReportTest {

    static ReportContext context(String model, String other) {
        return new ReportContext(List.of(new ReportContext.ModelFacts(other, "CNN", "ResNet <narrow>", 514_322L,
                44_669_376L, null, "pneumoniamnist_28")),
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
        String html = HtmlReport.render(report(HOSTILE, "cnn"), context(HOSTILE, "cnn"));
        assertThat(html).doesNotContain("<script", "<img src=x", "'>", "\"x")
                .contains("m&quot;&#39;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;");
        // every tag that opens is one the renderer wrote: none starts inside a user string
        assertThat(html.replaceAll("<(/?)(!DOCTYPE|html|head|meta|link|title|style|body|h[123]|p|section|table|tr|th|td|"
                + "span|br|b|ul|li|code|div|dl|dt|dd|svg|text|line|polyline|circle|figure|img|figcaption)\\b", ""))
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

    @Test
    void isDeterministic() {
        assertThat(HtmlReport.render(report("m1", "cnn"), context("m1", "cnn")))
                .isEqualTo(HtmlReport.render(report("m1", "cnn"), context("m1", "cnn")));
    }
}
