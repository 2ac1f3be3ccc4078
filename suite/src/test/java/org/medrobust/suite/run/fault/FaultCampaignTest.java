package org.medrobust.suite.run.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.reports.faults.FaultSummary;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;
import org.medrobust.suite.Campaign;
import org.medrobust.suite.config.CampaignConfig;
import org.medrobust.suite.config.DataSpec;
import org.medrobust.suite.config.ModelSpec;
import org.medrobust.suite.config.ThreatSpec;
import org.medrobust.suite.fixtures.TinyData;
import org.medrobust.suite.inputs.InputLoader;
import org.medrobust.suite.plan.ThreatCatalog;
import org.medrobust.suite.report.ResultWriter;
import org.medrobust.suite.run.ProgressListener;

/** Fault trials as scenarios: reproducible, resumable, NaN counted rather than failed, models without weights skipped. */
class FaultCampaignTest {

    @TempDir
    Path tmp;

    /** "w*" models have writable weights; any other is the fixtures' read-only mean-intensity classifier. */
    private static final InputLoader LOADER = new FaultTestLoader("w",
            id -> new LinearMeanClassifier(id, TinyData.SHAPE));

    private static CampaignConfig config(List<ThreatSpec> threats) {
        return new CampaignConfig("faults", 11L, 32, List.of(new DataSpec("builtin:tiny", "test", 0)),
                List.of(ModelSpec.of("builtin:w"), ModelSpec.of("builtin:readonly")), threats, List.of());
    }

    private static final List<ThreatSpec> THREATS = List.of(new ThreatSpec("weight_msb_per_layer", List.of(1, 2, 3), 4),
            new ThreatSpec("weight_bit_position", List.of(1, 31, 32), 3));

    @Test
    void aFaultCampaignIsByteIdenticalAcrossRunsAndAcrossAKillAndResume() throws IOException {
        new Campaign(config(THREATS), LOADER, ProgressListener.NONE).run(tmp.resolve("one"));
        new Campaign(config(THREATS), LOADER, ProgressListener.NONE).run(tmp.resolve("two"));
        assertThat(Files.readAllBytes(tmp.resolve("one").resolve(ResultWriter.REPORT_JSON)))
                .isEqualTo(Files.readAllBytes(tmp.resolve("two").resolve(ResultWriter.REPORT_JSON)));

        Path resumed = tmp.resolve("resumed");
        try {
            new Campaign(config(THREATS), LOADER, new ProgressListener() {
                int batches;

                @Override
                public void batchDone(String label) {
                    if (++batches == 37) { // mid-way through a fault trial
                        throw new IllegalStateException("killed");
                    }
                }
            }).run(resumed);
        } catch (IllegalStateException expected) {
            // the journal holds the first 37 batches
        }
        new Campaign(config(THREATS), LOADER, ProgressListener.NONE).run(resumed);
        assertThat(Files.readAllBytes(resumed.resolve(ResultWriter.REPORT_JSON)))
                .isEqualTo(Files.readAllBytes(tmp.resolve("one").resolve(ResultWriter.REPORT_JSON)));
    }

    @Test
    void everyBatchOfATrialSeesTheSameFaultAndNanIsAnOutcomeNotAFailure() {
        CampaignReport report = new Campaign(config(THREATS), LOADER, ProgressListener.NONE).run(tmp.resolve("r"));
        assertThat(report.failedScenarios()).isZero();
        List<ScenarioResult> w = report.scenarios().stream()
                .filter(s -> s.model().equals("w") && s.status() == ScenarioStatus.COMPLETED).toList();
        assertThat(w).hasSize(1 + 2 * 4 + 3 * 3);
        for (ScenarioResult s : w.subList(1, w.size())) {
            assertThat(s.id()).matches(".*/s\\d+/t\\d");
            assertThat(s.outcomes()).extracting(o -> o.details().get("faultSites")).containsOnly(
                    s.outcomes().getFirst().details().get("faultSites"));
        }
        // layer 1 is w = (-1.5, 1.5): bit 30 of either makes it NaN, so every sample of every trial is non-finite
        FaultSummary layer1 = summary(report, "weight_msb_per_layer", 1);
        assertThat(layer1.nonFiniteRate()).isEqualTo(1.0);
        assertThat(layer1.trialsWithNonFinite()).isEqualTo(4);
        assertThat(layer1.sdcRate()).isZero();
        assertThat(layer1.accuracyMean()).isZero();
        // layer 2 is b = (0.75, -0.75): one bias becomes +-2.55e38 and fixes the prediction: silent corruption
        FaultSummary layer2 = summary(report, "weight_msb_per_layer", 2);
        assertThat(layer2.nonFiniteRate()).isZero();
        assertThat(layer2.sdcRate()).isGreaterThan(0.2);
        assertThat(layer2.criticalTrials()).isEqualTo(4);
        // bit 0 (severity 1) moves a weight by one unit in the last place: harmless here
        assertThat(summary(report, "weight_bit_position", 1).sdcRate()).isZero();
        assertThat(report.faults().byBit()).extracting(c -> c.key()).contains("0", "31", "30");
    }

    @Test
    void aModelWithoutWritableWeightsAndALayerBeyondTheModelAreSkippedWithTheReason() {
        CampaignReport report = new Campaign(config(THREATS), LOADER, ProgressListener.NONE).run(tmp.resolve("s"));
        assertThat(report.scenarios()).filteredOn(s -> s.model().equals("readonly") && s.family().equals("FAULT"))
                .isNotEmpty().allSatisfy(s -> {
                    assertThat(s.status()).isEqualTo(ScenarioStatus.SKIPPED);
                    assertThat(s.reason()).contains("WritableWeights");
                });
        assertThat(report.scenarios()).filteredOn(s -> s.id().startsWith("w@") && s.id().contains("per_layer/s3"))
                .hasSize(4).allSatisfy(s -> assertThat(s.reason()).isEqualTo("model w has 2 weight tensors, not 3"));
        assertThat(report.faults().summaries()).noneMatch(s -> s.model().equals("readonly"));
    }

    @Test
    void trialsOnAPerturbationAndAFaultSeverityOutOfRangeAreRefusedInOneLine() {
        assertThatThrownBy(() -> ThreatCatalog.resolve(new ThreatSpec("gaussian_noise", null, 3)))
                .isInstanceOf(InvalidInputException.class).hasMessage("threat 'gaussian_noise': 'trials' applies to"
                        + " fault models only");
        assertThatThrownBy(() -> ThreatCatalog.resolve(new ThreatSpec("weight_ber", List.of(8))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("weight_ber")
                .hasMessageContaining("1-7").hasMessageNotContaining("\n");
        assertThat(ThreatCatalog.resolve(new ThreatSpec("weight_ber", List.of(7)))).hasSize(5);
    }

    private static FaultSummary summary(CampaignReport report, String threat, int severity) {
        return report.faults().summaries().stream()
                .filter(s -> s.model().equals("w") && s.threat().equals(threat) && s.severity() == severity)
                .findFirst().orElseThrow();
    }
}
