package org.medrobust.reports.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medrobust.reports.faults.FaultStatistics;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.SampleOutcome;
import org.medrobust.reports.schema.ScenarioMetrics;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;

/**
 * A BER sweep (two rates, two trials each) gets a chart of mean accuracy against the rate, labelled with the rates the
 * trials recorded; a fault run at one severity gets none.
 */
class FaultSweepChartsTest {

    private static ScenarioResult trial(String threat, int severity, int trial, double rate, int correct) {
        List<SampleOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            outcomes.add(new SampleOutcome(i, 0, i < correct ? 0 : 1, 0, 0.9, 0, 0, Map.of("faultSiteCount", 3)));
        }
        return new ScenarioResult("m@d/test:" + threat + "/s" + severity + "/t" + trial, "m", "d", "test", "FAULT",
                threat, severity, Map.of("bitErrorRate", rate, "trial", trial), ScenarioStatus.COMPLETED, null,
                new ScenarioMetrics(4, correct, correct / 4.0, new double[] {0, 1}, 0, 0, 0, 0), outcomes);
    }

    @Test
    void berSweepIsChartedAgainstTheRate() {
        List<ScenarioResult> scenarios = List.of(trial("weight_ber", 5, 1, 1e-5, 4), trial("weight_ber", 5, 2, 1e-5, 2),
                trial("weight_ber", 6, 1, 1e-4, 1), trial("weight_ber", 6, 2, 1e-4, 1),
                trial("weight_bit_position", 31, 1, 0, 4));
        CampaignReport report = new CampaignReport(CampaignReport.SCHEMA, "c", 1, Map.of(), "0", List.of(), List.of(),
                scenarios, List.of(), List.of(), FaultStatistics.of(scenarios));
        String html = HtmlReport.render(report);
        String section = html.substring(html.indexOf("<section id=\"fault-sweeps\">"));
        section = section.substring(0, section.indexOf("</section>"));
        assertThat(section).contains("weight_ber on d/test", "bit error rate", ">1e-05<", ">1e-04<", "m: 0.750",
                "m: 0.250").doesNotContain("weight_bit_position");
    }
}
