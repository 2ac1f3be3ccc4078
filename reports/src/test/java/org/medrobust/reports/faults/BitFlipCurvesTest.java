package org.medrobust.reports.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medrobust.reports.html.HtmlReport;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.SampleOutcome;
import org.medrobust.reports.schema.ScenarioMetrics;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;

/**
 * Accuracy against flips from the recorded per-image predictions: four images of label 0 whose predictions after
 * 0, 1, 2 flips are (0,0,0), (0,0,1), (0,1,1), (1,1,1) give 3/4, 2/4, 1/4; the curve carries the scenario's
 * parameters and Wilson intervals; the attack is not counted as a fault trial; the HTML report draws one chart.
 */
class BitFlipCurvesTest {

    private static ScenarioResult attack() {
        List<List<Integer>> predictions = List.of(List.of(0, 0, 0), List.of(0, 0, 1), List.of(0, 1, 1),
                List.of(1, 1, 1));
        List<SampleOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            List<Integer> p = predictions.get(i);
            outcomes.add(new SampleOutcome(i, 0, p.getLast(), 0, 0.9, 0, 0, Map.of("bfaPredictions", p,
                    "bfaFlipsMade", 2, "bfaBitCounts", i < 2 ? List.of(0, 1, 3) : List.of(0, 1, 2),
                    "faultSiteCount", 2, "faultSites", List.of("a", "b"))));
        }
        return new ScenarioResult("m@d/test:bit_flip_attack/s1", "m", "d", "test", "FAULT", "bit_flip_attack", 1,
                Map.of("flips", 2, "topK", 10), ScenarioStatus.COMPLETED, null,
                new ScenarioMetrics(4, 1, 0.25, new double[] {0, 1}, 0, 0, 0, 0), outcomes);
    }

    @Test
    void curveCountsCorrectImagesAfterEachFlip() {
        FaultReport report = FaultStatistics.of(List.of(attack()));
        assertThat(report.summaries()).isEmpty();
        assertThat(report.bitFlipCurves()).hasSize(1);
        BitFlipCurve curve = report.bitFlipCurves().getFirst();
        assertThat(curve.parameters()).containsEntry("flips", 2).containsEntry("topK", 10);
        assertThat(curve.samples()).isEqualTo(4);
        assertThat(curve.meanFlipsMade()).isEqualTo(2.0);
        assertThat(curve.points()).extracting(BitFlipCurve.Point::flips).containsExactly(0, 1, 2);
        assertThat(curve.points()).extracting(BitFlipCurve.Point::accuracy).containsExactly(0.75, 0.5, 0.25);
        // two batches: one escalated to two bits in its second iteration
        assertThat(curve.points()).extracting(BitFlipCurve.Point::meanBitsFlipped).containsExactly(0.0, 1.0, 2.5);
        assertThat(curve.points().get(1).accuracyCi95()[0]).isLessThan(0.5);
        assertThat(curve.points().get(1).accuracyCi95()[1]).isGreaterThan(0.5);
    }

    @Test
    void htmlDrawsTheCurve() {
        ScenarioResult s = attack();
        CampaignReport report = new CampaignReport(CampaignReport.SCHEMA, "c", 1, Map.of(), "0", List.of(), List.of(),
                List.of(s), List.of(), List.of(), FaultStatistics.of(List.of(s)));
        String html = HtmlReport.render(report);
        assertThat(html).contains("<section id=\"bit-flip-attack\">", "bit_flip_attack on d/test",
                "search iterations (one int8 bit each", "m: 0.500", "each batch of images attacked on its own",
                "Bits flipped after the last iteration (mean over images): m 2.5.");
    }
}
