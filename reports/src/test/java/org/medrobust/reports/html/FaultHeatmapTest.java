package org.medrobust.reports.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medrobust.reports.faults.FaultReport;
import org.medrobust.reports.faults.FaultStatistics;
import org.medrobust.reports.faults.VulnerabilityCell;
import org.medrobust.reports.schema.SampleOutcome;
import org.medrobust.reports.schema.ScenarioMetrics;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;

/**
 * The layer x bit heatmap: one row per hit tensor, 32 bit columns; a cell's number is the mean changed-prediction
 * rate over the trials at that layer and bit (two trials at c1 bit 30 changing 3/4 and 1/4 give 0.50, shaded
 * half red), bits no trial hit stay blank, and a campaign without single-bit trials gets no heatmap.
 */
class FaultHeatmapTest {

    private static ScenarioResult trial(String id, String tensor, int bit, int changed) {
        return trial(id, Map.of("faultTensor", tensor, "faultBit", bit, "faultSiteCount", 1), bit, changed);
    }

    /** A transient flip in an activation or a scan, as FaultApplication records it. */
    private static ScenarioResult transientTrial(String id, String kind, String layer, int changed) {
        return trial(id, Map.of("faultKind", kind, "faultLayer", layer, "faultBit", 30, "faultSiteCount", 1), 30,
                changed);
    }

    private static ScenarioResult trial(String id, Map<String, Object> details, int bit, int changed) {
        List<SampleOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int prediction = i < changed ? 1 : 0;
            outcomes.add(new SampleOutcome(i, 0, prediction, 0, 0.9, 0, 0, details));
        }
        return new ScenarioResult(id, "m", "d", "test", "FAULT", "weight_bit_position", bit + 1, Map.of(),
                ScenarioStatus.COMPLETED, null, new ScenarioMetrics(4, 4 - changed, (4 - changed) / 4.0,
                        new double[] {0, 1}, 0, 0, 0, 0), outcomes);
    }

    @Test
    void cellsAreMeanChangedRatesPerLayerAndBit() {
        String html = FaultHeatmap.render(List.of(trial("a", "c1.weight", 30, 3), trial("b", "c1.weight", 30, 1),
                trial("c", "fc<x>", 0, 0)));
        assertThat(html).contains("Fault vulnerability: m on d/test", "<code>c1.weight</code>", "fc&lt;x&gt;")
                .contains("title=\"2 trial(s), mean accuracy 0.500, 0 critical\">0.50</td>")
                .contains("background:#ff8080", "background:#ffffff\" title=\"1 trial(s), mean accuracy 1.000");
        String c1Row = html.substring(html.indexOf("<code>c1.weight</code>"), html.indexOf("</tr>",
                html.indexOf("<code>c1.weight</code>")));
        assertThat(count(c1Row, "<td")).isEqualTo(32); // bits 31..0 after the label cell
        assertThat(count(c1Row, "<td></td>")).isEqualTo(31);
        assertThat(FaultHeatmap.render(List.of())).isEmpty();
    }

    /**
     * Flips at points inside blocks and in scans get rows of their own (kind and name), beside the weight rows, and
     * by-bit cells of their own (a weight's bit 30 and a scan state's bit 30 are not pooled); report.json's
     * byLayer/byBit hold the same keys.
     */
    @Test
    void activationAndScanSitesGetRowsBesideTheWeights() {
        List<ScenarioResult> trials = List.of(trial("a", "c1.weight", 30, 4),
                transientTrial("b", "activation", "02mixer0/scan", 1), transientTrial("c", "activation",
                        "02mixer0/scan", 2), transientTrial("d", "scan state", "02mixer0/scan", 4),
                transientTrial("e", "scan output", "02mixer0/scan_b", 0));
        String html = FaultHeatmap.render(trials);
        assertThat(html).contains("<code>c1.weight</code>", "<code>activation 02mixer0/scan</code>",
                "<code>scan state 02mixer0/scan</code>", "<code>scan output 02mixer0/scan_b</code>");
        String activationRow = html.substring(html.indexOf("<code>activation 02mixer0/scan</code>"),
                html.indexOf("</tr>", html.indexOf("<code>activation 02mixer0/scan</code>")));
        assertThat(activationRow).contains("title=\"2 trial(s), mean accuracy 0.625, 0 critical\">0.38</td>");
        assertThat(count(activationRow, "<td></td>")).isEqualTo(31);

        FaultReport report = FaultStatistics.of(trials);
        assertThat(report.byLayer()).extracting(VulnerabilityCell::key).containsExactly("c1.weight",
                "activation 02mixer0/scan", "scan state 02mixer0/scan", "scan output 02mixer0/scan_b");
        assertThat(report.byBit()).extracting(VulnerabilityCell::key).containsExactly("30", "activation bit 30",
                "scan state bit 30", "scan output bit 30");
        assertThat(report.byBit()).filteredOn(c -> c.key().equals("scan state bit 30"))
                .extracting(VulnerabilityCell::meanSdcRate).containsExactly(1.0);
    }

    private static int count(String text, String part) {
        return (text.length() - text.replace(part, "").length()) / part.length();
    }
}
