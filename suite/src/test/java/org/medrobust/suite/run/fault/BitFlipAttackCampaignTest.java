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
import org.medrobust.attacks.fault.attack.BitFlipAttack;
import org.medrobust.attacks.fault.quantised.Int8Tensor;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.models.Logits;
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
 * model without weight gradients is skipped with the reason; bad settings are refused in one line; the paper's
 * protocol (one attack batch, every batch evaluated) against a direct search and a hand replay.
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
        assertThat(attack.parameters()).containsEntry("flips", FLIPS).containsEntry("topK", 4)
                .containsEntry("protocol", "perBatch").containsEntry("labels", "true");
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

    /**
     * The paper's protocol: the search runs once on the first 20 images (across two campaign batches of 16), and
     * every one of the 48 evaluated images records its prediction after each iteration of that one search, against
     * the reference's targets by default (the int8 model's own predictions). Oracle: a direct search on those 20
     * images against the top-1 classes of a fresh model holding the int8 weights, then its codes written into the
     * fresh model iteration by iteration (not through the attack's replay) and all 48 images predicted.
     */
    @Test
    void attackBatchProtocolSearchesOnceAndEvaluatesEveryBatch() {
        int attackImages = 20;
        int evaluated = 48;
        CampaignConfig config = new CampaignConfig("bfa-paper", 11L, 16, List.of(new DataSpec("builtin:tiny", "test",
                0)), List.of(ModelSpec.of("builtin:g")), List.of(new ThreatSpec("bit_flip_attack", null,
                Map.of("flips", FLIPS, "topK", 4, "protocol", "attackBatch", "attackImages", attackImages), null,
                evaluated)), List.of());
        CampaignReport report = new Campaign(config, LOADER, ProgressListener.NONE).run(tmp.resolve("paper"));
        ScenarioResult attack = report.scenarios().stream().filter(s -> s.threat().equals("bit_flip_attack"))
                .findFirst().orElseThrow();
        assertThat(attack.status()).isEqualTo(ScenarioStatus.COMPLETED);
        assertThat(attack.parameters()).containsEntry("protocol", "attackBatch")
                .containsEntry("attackImages", attackImages).containsEntry("labels", "predicted");
        assertThat(attack.outcomes()).hasSize(evaluated);

        TinyData data = new TinyData(250, 5);
        PixelSoftmaxClassifier model = new PixelSoftmaxClassifier("g", TinyData.SHAPE);
        List<BitFlipAttack.Flip> flips;
        Map<String, Int8Tensor> quantised;
        try (BitFlipAttack.Result direct = new BitFlipAttack(FLIPS, 4, -1).run(model, data.batch(0, attackImages),
                data.labels(0, attackImages), BitFlipAttack.Targets.OWN_PREDICTIONS)) {
            PixelSoftmaxClassifier int8 = new PixelSoftmaxClassifier("g", TinyData.SHAPE);
            direct.quantised().forEach((name, q) -> int8.write(name, q.dequantise()));
            int[] int8Classes = top1(int8.predict(data.batch(0, attackImages)));
            assertThat(direct.targets()).containsExactly(int8Classes);
            assertThat(int8Classes).as("the targets are not the labels here").isNotEqualTo(data.labels(0, attackImages));
            flips = direct.flips();
            assertThat(flips).isNotEmpty();
            quantised = direct.quantised();
            assertThat(attack.outcomes().getFirst().details().get("faultSites")).isEqualTo(direct.sites());
            assertThat(attack.outcomes().getFirst().details().get("bfaBitCounts"))
                    .isEqualTo(bitCounts(direct.bitCounts()));
        }
        PixelSoftmaxClassifier fresh = new PixelSoftmaxClassifier("g", TinyData.SHAPE);
        List<int[]> expected = new java.util.ArrayList<>();
        quantised.forEach((name, q) -> fresh.write(name, q.dequantise()));
        expected.add(top1(fresh.predict(data.batch(0, evaluated))));
        for (BitFlipAttack.Flip flip : flips) {
            byte[] codes = quantised.get(flip.tensor()).codes().clone();
            for (BitFlipAttack.BitChange b : flip.bits()) {
                codes[b.index()] = (byte) (codes[b.index()] ^ (1 << b.bit()));
            }
            quantised.put(flip.tensor(), new Int8Tensor(codes, quantised.get(flip.tensor()).scale()));
            fresh.write(flip.tensor(), quantised.get(flip.tensor()).dequantise());
            expected.add(top1(fresh.predict(data.batch(0, evaluated))));
        }
        for (SampleOutcome o : attack.outcomes()) {
            List<?> curve = (List<?>) o.details().get("bfaPredictions");
            for (int k = 0; k <= flips.size(); k++) {
                assertThat(((Number) curve.get(k)).intValue()).as("sample %d after %d", o.index(), k)
                        .isEqualTo(expected.get(k)[o.index()]);
            }
            assertThat(o.prediction()).isEqualTo(expected.getLast()[o.index()]);
            assertThat(o.details()).containsEntry("bfaAttackImages", attackImages);
        }
    }

    private static List<Integer> bitCounts(int[] counts) {
        List<Integer> all = new java.util.ArrayList<>(List.of(0));
        for (int c : counts) {
            all.add(c);
        }
        while (all.size() < FLIPS + 1) {
            all.add(all.getLast());
        }
        return all;
    }

    private static int[] top1(Logits logits) {
        int[] top = new int[logits.rows()];
        for (int r = 0; r < top.length; r++) {
            top[r] = logits.hasNonFinite(r) ? -1 : logits.argmax(r);
        }
        return top;
    }

    @Test
    void badSettingsAreRefusedInOneLine() {
        assertThatThrownBy(() -> ThreatCatalog.resolve(new ThreatSpec("bit_flip_attack", null, Map.of("flip", 3))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("unknown parameter 'flip'");
        assertThatThrownBy(() -> ThreatCatalog.resolve(new ThreatSpec("bit_flip_attack", List.of(2))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("one severity (1)");
        assertThatThrownBy(() -> ThreatCatalog.resolve(new ThreatSpec("bit_flip_attack", null, Map.of("flips", 0))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("flips must be 1-1000");
        assertThatThrownBy(() -> ThreatCatalog.resolve(new ThreatSpec("bit_flip_attack", null,
                Map.of("protocol", "paper"))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("protocol must be perBatch or attackBatch");
        assertThatThrownBy(() -> ThreatCatalog.resolve(new ThreatSpec("bit_flip_attack", null,
                Map.of("attackImages", 8))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("attackImages needs protocol: attackBatch");
        assertThatThrownBy(() -> ThreatCatalog.resolve(new ThreatSpec("bit_flip_attack", null,
                Map.of("labels", "oracle"))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("labels must be predicted or true");
        assertThatThrownBy(() -> ThreatCatalog.resolve(new ThreatSpec("bit_flip_attack", null, null, 3, null)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'trials' applies to fault models");
    }
}
