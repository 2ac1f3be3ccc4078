package org.medrobust.suite.run.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.reports.faults.BitFlipCurve;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.SampleOutcome;
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

/**
 * The Bit-Flip Attack as a campaign threat: two runs give byte-identical report.json; every image records its
 * prediction after 0..flips flips and its outcome is the last; report.json holds the curve with the parameters; a
 * model without weight gradients is skipped with the reason; bad settings are refused in one line.
 */
class BitFlipAttackCampaignTest {

    @TempDir
    Path tmp;

    /** "g*" models have writable weights and weight gradients; any other is the fixtures' read-only classifier. */
    private static final InputLoader LOADER = new FaultTestLoader("g",
            id -> new PixelSoftmaxClassifier(id, TinyData.SHAPE));

    private static final int FLIPS = 4;

    private static CampaignConfig config() {
        return new CampaignConfig("bfa", 11L, 16, List.of(new DataSpec("builtin:tiny", "test", 0)),
                List.of(ModelSpec.of("builtin:g"), ModelSpec.of("builtin:readonly")),
                List.of(new ThreatSpec("bit_flip_attack", null, Map.of("flips", FLIPS, "topK", 4))), List.of());
    }

    @Test
    void curveFromEveryBatchIsRecordedAndRerunsAreByteIdentical() throws IOException {
        CampaignReport report = new Campaign(config(), LOADER, ProgressListener.NONE).run(tmp.resolve("one"));
        new Campaign(config(), LOADER, ProgressListener.NONE).run(tmp.resolve("two"));
        assertThat(Files.readAllBytes(tmp.resolve("one").resolve(ResultWriter.REPORT_JSON)))
                .isEqualTo(Files.readAllBytes(tmp.resolve("two").resolve(ResultWriter.REPORT_JSON)));

        ScenarioResult attack = report.scenarios().stream()
                .filter(s -> s.model().equals("g") && s.threat().equals("bit_flip_attack")).findFirst().orElseThrow();
        assertThat(attack.status()).isEqualTo(ScenarioStatus.COMPLETED);
        assertThat(attack.parameters()).containsEntry("flips", FLIPS).containsEntry("topK", 4);
        for (SampleOutcome o : attack.outcomes()) {
            List<?> curve = (List<?>) o.details().get("bfaPredictions");
            assertThat(curve).hasSize(FLIPS + 1);
            assertThat(((Number) curve.getLast()).intValue()).isEqualTo(o.prediction());
        }
        BitFlipCurve curve = report.faults().bitFlipCurves().getFirst();
        assertThat(report.faults().bitFlipCurves()).hasSize(1);
        assertThat(curve.model()).isEqualTo("g");
        assertThat(curve.parameters()).containsEntry("flips", FLIPS);
        assertThat(curve.points()).hasSize(FLIPS + 1);
        assertThat(curve.points().getLast().accuracy()).isCloseTo(attack.metrics().accuracy(), within(1e-12))
                .isLessThan(curve.points().getFirst().accuracy());
        assertThat(report.faults().summaries()).isEmpty(); // an attack is a curve, not a fault trial

        ScenarioResult skipped = report.scenarios().stream()
                .filter(s -> s.model().equals("readonly") && s.threat().equals("bit_flip_attack")).findFirst()
                .orElseThrow();
        assertThat(skipped.status()).isEqualTo(ScenarioStatus.SKIPPED);
        assertThat(skipped.reason()).contains("offers no WeightGradients", "bit_flip_attack");
        assertThat(Files.readString(tmp.resolve("one").resolve("index.html"))).contains("id=\"bit-flip-attack\"");
    }

    @Test
    void badSettingsAreRefusedInOneLine() {
        assertThatThrownBy(() -> ThreatCatalog.resolve(new ThreatSpec("bit_flip_attack", null, Map.of("flip", 3))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("unknown parameter 'flip'");
        assertThatThrownBy(() -> ThreatCatalog.resolve(new ThreatSpec("bit_flip_attack", List.of(2))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("one severity (1)");
        assertThatThrownBy(() -> ThreatCatalog.resolve(new ThreatSpec("bit_flip_attack", null, Map.of("flips", 0))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("flips must be 1-1000");
        assertThatThrownBy(() -> ThreatCatalog.resolve(new ThreatSpec("bit_flip_attack", null, null, 3, null)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'trials' applies to fault models");
    }
}
