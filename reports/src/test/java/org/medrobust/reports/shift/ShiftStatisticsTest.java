package org.medrobust.reports.shift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medrobust.reports.json.ResultJson;
import org.medrobust.reports.schema.SampleOutcome;
import org.medrobust.reports.schema.ScenarioMetrics;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;

/**
 * The shift section against values worked by hand. Four clean samples (two classes):
 * <pre>
 *   sample  label  logits        p            prediction  site
 *   A       1      (0, ln 3)     (1/4, 3/4)   1 (right)   north
 *   B       0      (0, ln 3)     (1/4, 3/4)   1 (wrong)   south
 *   C       0      (ln 9, 0)     (.9, .1)     0 (right)   north
 *   D       1      (0, 0)        (.5, .5)     0 (wrong)   south
 * </pre>
 * ECE (15 bins): A and B in (.733, .8] (accuracy .5, confidence .75), C in (.867, .933], D in (.467, .533]:
 * 2/4 .25 + 1/4 .1 + 1/4 .5 = .275; MCE .5. Brier: (.125 + 1.125 + .02 + .5) / 4 = .4425.
 */
class ShiftStatisticsTest {

    private static final float LN3 = (float) Math.log(3);
    private static final float LN9 = (float) Math.log(9);
    private static final double TOLERANCE = 1e-6;

    @Test
    void calibrationOfACleanPassMatchesTheHandWorkedValues() {
        ShiftReport report = ShiftStatistics.of(List.of(clean()), 7, 500);
        ScenarioShift clean = report.scenarios().getFirst();
        assertThat(clean.calibration().ece()).isCloseTo(0.275, within(TOLERANCE));
        assertThat(clean.calibration().mce()).isCloseTo(0.5, within(TOLERANCE));
        assertThat(clean.calibration().brier()).isCloseTo(0.4425, within(TOLERANCE));
        assertThat(clean.calibration().bins()).hasSize(15);
        Calibration.Bin bin = clean.calibration().bins().get(11); // (11/15, 12/15] = (.733, .8]
        assertThat(bin.count()).isEqualTo(2);
        assertThat(bin.accuracy()).isEqualTo(0.5);
        assertThat(bin.confidence()).isCloseTo(0.75, within(TOLERANCE));
        assertThat(clean.calibration().bins().get(0).accuracy()).isNull(); // empty bin: no value, not NaN
        assertThat(clean.versusClean()).isNull();
        assertThat(clean.detection()).isNull();
    }

    /**
     * North (A, C) is all right, south (B, D) all wrong: south's drop from north is exactly 1 with interval [1, 1].
     * MSP north {.75, .9} vs south {.75, .5}: of 4 pairs one ties, so AUROC 3.5/4 = .875; energy north
     * {ln 4, ln 10} vs south {ln 4, ln 2}: also .875.
     */
    @Test
    void sitesAgainstTheOtherSitesPooled() {
        ScenarioShift clean = ShiftStatistics.of(List.of(clean()), 7, 500).scenarios().getFirst();
        assertThat(clean.sites()).extracting(SiteMetrics::site).containsExactly("north", "south");
        SiteMetrics north = clean.sites().get(0);
        SiteMetrics south = clean.sites().get(1);
        assertThat(north.accuracy()).isEqualTo(1.0);
        assertThat(north.balancedAccuracy()).isEqualTo(1.0);
        assertThat(north.auc()).isEqualTo(1.0); // A's p1 .75 above C's .1
        assertThat(south.accuracy()).isEqualTo(0.0);
        assertThat(south.auc()).isEqualTo(0.0); // positive D's p1 .5 below negative B's .75
        assertThat(south.versusOthers().drop()).isEqualTo(1.0);
        assertThat(south.versusOthers().lower()).isEqualTo(1.0);
        assertThat(south.versusOthers().upper()).isEqualTo(1.0);
        assertThat(south.versusOthers().paired()).isFalse();
        assertThat(north.versusOthers().drop()).isEqualTo(-1.0);
        assertThat(south.detection().mspAuroc()).isCloseTo(0.875, within(TOLERANCE));
        assertThat(south.detection().energyAuroc()).isCloseTo(0.875, within(TOLERANCE));
        assertThat(north.calibration().ece()).isCloseTo((0.25 + 0.1) / 2, within(TOLERANCE));
    }

    /**
     * Every shifted sample gets logits (.1, 0): prediction 0, MSP e^.1/(e^.1 + 1) = .525, energy ln(e^.1 + 1) = .744.
     * Against the clean MSPs {.75, .75, .9, .5} 12 of 16 pairs are higher, none tie: AUROC .75; the clean energies
     * {ln 4, ln 4, ln 10, ln 2} likewise: .75. Accuracy stays .5 (B and C right), so the paired drop is 0 and its
     * interval straddles 0.
     */
    @Test
    void aSyntheticShiftAgainstTheCleanPass() {
        List<SampleOutcome> shifted = new ArrayList<>();
        int[] labels = {1, 0, 0, 1};
        for (int i = 0; i < 4; i++) {
            shifted.add(outcome(i, labels[i], null, 0.1f, 0f));
        }
        ShiftReport report = ShiftStatistics.of(List.of(clean(), scenario("m@d/test:site_x", "DOMAIN_SHIFT",
                "site_x", shifted)), 7, 500);
        ScenarioShift s = report.scenarios().get(1);
        assertThat(s.versusClean().drop()).isEqualTo(0.0);
        assertThat(s.versusClean().paired()).isTrue();
        assertThat(s.versusClean().lower()).isNegative();
        assertThat(s.versusClean().upper()).isPositive();
        assertThat(s.detection().mspAuroc()).isCloseTo(0.75, within(TOLERANCE));
        assertThat(s.detection().energyAuroc()).isCloseTo(0.75, within(TOLERANCE));
        assertThat(s.sites()).isEmpty();
    }

    @Test
    void identicalOutcomesDropNothingAndCannotBeTold() {
        ScenarioResult clean = clean();
        ScenarioResult same = scenario("m@d/test:gaussian_noise/s1", "PERTURBATION", "gaussian_noise",
                clean.outcomes());
        ScenarioShift s = ShiftStatistics.of(List.of(clean, same), 7, 500).scenarios().get(1);
        assertThat(s.versusClean().drop()).isEqualTo(0.0);
        assertThat(s.versusClean().lower()).isEqualTo(0.0);
        assertThat(s.versusClean().upper()).isEqualTo(0.0);
        assertThat(s.detection().mspAuroc()).isEqualTo(0.5);
        assertThat(s.detection().energyAuroc()).isEqualTo(0.5);
    }

    @Test
    void withoutLogitsOnlyConfidenceStatisticsAndFaultsAreLeftOut() throws Exception {
        List<SampleOutcome> noLogits = List.of(new SampleOutcome(0, 1, 1, 1, 0.75, 0, 0),
                new SampleOutcome(1, 0, 1, 1, 0.75, 0, 0));
        ScenarioResult fault = scenario("m@d/test:bit_flip/s1/t0", "FAULT", "bit_flip", noLogits);
        ShiftReport report = ShiftStatistics.of(List.of(scenario("m@d/test:clean", "CLEAN", "clean", noLogits),
                fault), 7, 500);
        assertThat(report.scenarios()).hasSize(1);
        Calibration c = report.scenarios().getFirst().calibration();
        assertThat(c.ece()).isCloseTo(0.25, within(TOLERANCE));
        assertThat(c.brier()).isNull();
        // the same input gives the same JSON bytes (seeded bootstraps)
        String once = ResultJson.pretty().writeValueAsString(ShiftStatistics.of(List.of(clean()), 7, 500));
        assertThat(ResultJson.pretty().writeValueAsString(ShiftStatistics.of(List.of(clean()), 7, 500)))
                .isEqualTo(once).doesNotContain("NaN");
    }

    private static ScenarioResult clean() {
        return scenario("m@d/test:clean", "CLEAN", "clean", List.of(outcome(0, 1, "north", 0f, LN3),
                outcome(1, 0, "south", 0f, LN3), outcome(2, 0, "north", LN9, 0f), outcome(3, 1, "south", 0f, 0f)));
    }

    private static SampleOutcome outcome(int index, int label, String site, float z0, float z1) {
        int prediction = z1 > z0 ? 1 : 0;
        double p1 = 1 / (1 + Math.exp(z0 - z1));
        double confidence = prediction == 1 ? p1 : 1 - p1;
        return new SampleOutcome(index, label, prediction, prediction, confidence, 0, 0, Map.of(), site,
                List.of(z0, z1));
    }

    private static ScenarioResult scenario(String id, String family, String threat, List<SampleOutcome> outcomes) {
        int correct = (int) outcomes.stream().filter(SampleOutcome::correct).count();
        ScenarioMetrics metrics = new ScenarioMetrics(outcomes.size(), correct, (double) correct / outcomes.size(),
                new double[] {0, 1}, 0, 0, 0, 0);
        return new ScenarioResult(id, "m", "d", "test", family, threat, 0, Map.of(), ScenarioStatus.COMPLETED, null,
                metrics, outcomes);
    }
}
