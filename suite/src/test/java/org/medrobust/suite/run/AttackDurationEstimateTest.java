package org.medrobust.suite.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medrobust.attacks.evasion.AutoAttackEnsemble;
import org.medrobust.attacks.evasion.CallBudget;
import org.medrobust.attacks.evasion.EvasionAttack;
import org.medrobust.attacks.evasion.EvasionCatalog;
import org.medrobust.attacks.evasion.blackbox.TransferAttack;
import org.medrobust.datasets.ImageShape;
import org.medrobust.suite.fixtures.GradientMeanIntensityClassifier;
import org.medrobust.suite.fixtures.MeanIntensityClassifier;
import org.medrobust.suite.plan.Scenario;

/**
 * The estimate printed before a long attack run, against models with a known cost per call: each call advances a
 * fake clock by 3 ms per image for a forward pass and 8 ms more for a backward (so a gradient call costs 11 ms per
 * image). Calls are samples x the attack's calls per image, split into forward-only and gradient calls and timed
 * separately; a transfer attack's crafting calls are priced on its surrogate; a short run (the default campaign's
 * PGD and Square on 26 images) measures and prints nothing.
 */
class AttackDurationEstimateTest {

    private static final long FORWARD_NS = 3_000_000;
    private static final long BACKWARD_NS = 8_000_000;
    private static final ImageShape SHAPE = new ImageShape(1, 8, 8);

    private final long[] now = {0};

    private EvasionAttack attack(String id, Map<String, Object> parameters) {
        return EvasionCatalog.resolve(id, List.of(1), parameters).getFirst();
    }

    @Test
    void forwardOnlyAndGradientCallsAreTimedSeparately() {
        var model = new GradientMeanIntensityClassifier("m", SHAPE, b -> now[0] += b.size() * FORWARD_NS,
                b -> now[0] += b.size() * BACKWARD_NS);
        var square = attack("square_linf", Map.of("queries", 1000)); // 1,000 forward-only calls per image
        var pgd = attack("pgd_linf", Map.of()); // 10 gradient calls per image
        List<Scenario> plan = List.of(Scenario.of("m", "d/test", square, null, 26),
                Scenario.of("m", "d/test", pgd, null, 26), Scenario.of("other", "d/test", pgd, "skipped", null));
        Map<String, CallBudget> calls = AttackDurationEstimate.pendingCalls(plan, s -> s.samples(624));
        assertThat(calls).containsExactly(Map.entry("m", new CallBudget(26_000, 260)));
        List<String> lines = AttackDurationEstimate.lines(calls, Map.of("m", model)::get, () -> now[0]);
        // 26,000 x 3 ms + 260 x 11 ms = 80.9 s; timing every call as a gradient step would say 289 s
        assertThat(lines).containsExactly("estimate: m has attacks of up to 26,260 model calls ahead (26,000 "
                + "forward-only at 3.0 ms, 260 gradient at 11.0 ms per image and call, measured now on 8 images): at "
                + "most 81 s (less where images break early)");
    }

    @Test
    void aModelWithoutGradientsIsOnlyTimedForward() {
        var model = new MeanIntensityClassifier("onnx", SHAPE, b -> {
            now[0] += b.size() * FORWARD_NS;
            return false;
        });
        var square = attack("square_linf", Map.of("queries", 2000));
        Map<String, CallBudget> calls = AttackDurationEstimate.pendingCalls(
                List.of(Scenario.of("onnx", "d/test", square, null, 52)), s -> s.samples(624));
        assertThat(AttackDurationEstimate.lines(calls, Map.of("onnx", model)::get, () -> now[0])).containsExactly(
                "estimate: onnx has attacks of up to 104,000 model calls ahead (104,000 forward-only at 3.0 ms per "
                        + "image and call, measured now on 8 images): at most 5 min (less where images break early)");
    }

    @Test
    void theDefaultCampaignsAttacksAreShortAndMeasureNothing() {
        List<Scenario> plan = List.of(Scenario.of("m", "d/test", attack("pgd_linf", Map.of()), null, 26),
                Scenario.of("m", "d/test", attack("square_linf", Map.of("queries", 200)), null, 26),
                Scenario.of("m", "d/test", attack("patch_drop", Map.of()), null, 104));
        Map<String, CallBudget> calls = AttackDurationEstimate.pendingCalls(plan, s -> s.samples(624));
        assertThat(calls).containsExactly(Map.entry("m", new CallBudget(26 * 200, 260)));
        assertThat(AttackDurationEstimate.lines(calls, id -> {
            throw new AssertionError("no model may be loaded for a short run, asked for " + id);
        })).isEmpty();
    }

    @Test
    void aTransferAttacksCraftingIsPricedOnItsSurrogate() {
        // the target (no gradients) only evaluates: 2,600 forwards, short; the surrogate takes PGD-10's 26,000
        // gradient calls at 3 + 8 ms per image: 286 s, which the estimate left out before
        var target = new MeanIntensityClassifier("onnx", SHAPE, b -> {
            now[0] += b.size() * FORWARD_NS;
            return false;
        });
        var surrogate = new GradientMeanIntensityClassifier("s", SHAPE, b -> now[0] += b.size() * FORWARD_NS,
                b -> now[0] += b.size() * BACKWARD_NS);
        int[] loads = {0};
        var transfer = new TransferAttack(EvasionCatalog.TRANSFER_PGD, "builtin:s", () -> {
            loads[0]++;
            return surrogate;
        }, attack("pgd_linf", Map.of()));
        List<Scenario> plan = List.of(Scenario.of("onnx", "d/test", transfer, null, 2600));
        Map<String, CallBudget> calls = AttackDurationEstimate.pendingCalls(plan, s -> s.samples(5000));
        assertThat(calls).containsExactly(Map.entry("onnx", new CallBudget(2600, 0)),
                Map.entry("builtin:s (transfer surrogate)", new CallBudget(0, 26_000)));
        var surrogates = AttackDurationEstimate.surrogates(plan);
        assertThat(loads[0]).isZero(); // loaded only to be timed
        List<String> lines = AttackDurationEstimate.lines(calls, id -> id.equals("onnx") ? target
                : surrogates.get(id).get(), () -> now[0]);
        assertThat(lines).containsExactly("estimate: builtin:s (transfer surrogate) has attacks of up to 26,000 "
                + "model calls ahead (26,000 gradient at 11.0 ms per image and call, measured now on 8 images): at "
                + "most 5 min (less where images break early)");
        assertThat(loads[0]).isEqualTo(1);
    }

    @Test
    void theEnsembleSplitsItsCallsByMember() {
        var ensemble = new AutoAttackEnsemble(1, 4 / 255.0, 100, 5000);
        assertThat(ensemble.calls().forwards()).isEqualTo(5000); // Square
        assertThat(ensemble.calls().total()).isEqualTo(ensemble.threatModel().queryBudget());
        assertThat(ensemble.calls().gradients()).isPositive();
    }

    @Test
    void durationsReadNaturally() {
        assertThat(AttackDurationEstimate.duration(42)).isEqualTo("42 s");
        assertThat(AttackDurationEstimate.duration(600)).isEqualTo("10 min");
        assertThat(AttackDurationEstimate.duration(9000)).isEqualTo("2.5 h");
    }
}
