package org.medrobust.attacks.evasion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medrobust.attacks.evasion.blackbox.SquareAttack;
import org.medrobust.attacks.evasion.gradient.Pgd;
import org.medrobust.datasets.ImageBatch;

/**
 * The gradient-masking check on a deliberately masked model: the linear model of LinearOracleTest whose input
 * gradients are negated (a "defence" that obfuscates gradients, Athalye et al. 2018). PGD then breaks nothing
 * while Square, from scores alone, breaks images, so Square's result and the ensemble are flagged; on the honest
 * model PGD is exact (it breaks every breakable image), so nothing may be flagged.
 */
class MaskingCheckTest {

    private static final double EPS = 0.02;

    /** Same outputs as the linear model, gradients pointing away from the boundary. */
    static final class Masked extends LinearClassifier {
        Masked() {
            super(3);
        }

        @Override
        public LossGradient lossGradient(ImageBatch batch, int[] labels) {
            return negated(super.lossGradient(batch, labels));
        }

        @Override
        public LossGradient logitGradient(ImageBatch batch, LogitSeed seed) {
            return negated(super.logitGradient(batch, seed));
        }

        private static LossGradient negated(LossGradient g) {
            float[] flipped = g.inputGradient().clone();
            for (int p = 0; p < flipped.length; p++) {
                flipped[p] = -flipped[p];
            }
            return new LossGradient(g.logits(), flipped);
        }
    }

    @Test
    void aBlackBoxAttackBeatingPgdOnAMaskedModelIsFlaggedAndNotOnAnHonestOne() {
        assertThat(flags(new Masked())).containsOnlyKeys("square").extractingByKey("square").asString()
                .contains("possible gradient masking").contains("pgd");
        assertThat(flags(new LinearClassifier(3))).isEmpty();
    }

    @Test
    void theEnsembleFlagsWhatSquareBrokeAfterItsWhiteBoxMembers() {
        assertThat(ensembleFlag(new Masked())).contains("possible gradient masking");
        assertThat(ensembleFlag(new LinearClassifier(3))).isNull();
    }

    @Test
    void accessSortsAttacksAsTheCheckNeeds() {
        assertThat(MaskingCheck.access(new Pgd(Norm.LINF, 1, EPS, 10, EPS / 4, 1, false)))
                .isEqualTo(MaskingCheck.Access.WHITE_BOX);
        assertThat(MaskingCheck.access(new SquareAttack(1, EPS, 100, 0.8))).isEqualTo(MaskingCheck.Access.BLACK_BOX);
        assertThat(MaskingCheck.access(new AutoAttackEnsemble(1, EPS, 10, 100))).isEqualTo(MaskingCheck.Access.OTHER);
        assertThat(new AutoAttackEnsemble(1, EPS, 10, 100).blackBoxMembers()).containsExactly(SquareAttack.ID);
        // what a report's threat id stands for
        assertThat(MaskingCheck.access("pgd_linf")).isEqualTo(MaskingCheck.Access.WHITE_BOX);
        assertThat(MaskingCheck.access("deepfool_l2")).isEqualTo(MaskingCheck.Access.WHITE_BOX);
        assertThat(MaskingCheck.access("square_l2")).isEqualTo(MaskingCheck.Access.BLACK_BOX);
        assertThat(MaskingCheck.access("transfer_pgd_linf")).isEqualTo(MaskingCheck.Access.BLACK_BOX);
        assertThat(MaskingCheck.access("patch_drop")).isEqualTo(MaskingCheck.Access.OTHER);
        assertThat(MaskingCheck.access("no_such_attack")).isEqualTo(MaskingCheck.Access.OTHER);
        assertThat(MaskingCheck.ensembleBlackBoxes("autoattack")).containsExactly(SquareAttack.ID);
        assertThat(MaskingCheck.ensembleBlackBoxes("pgd_linf")).isEmpty();
    }

    private static Map<String, String> flags(LinearClassifier model) {
        var data = model.data(400, 5);
        List<MaskingCheck.Run> runs = new ArrayList<>();
        runs.add(run("pgd", new Pgd(Norm.LINF, 1, EPS, 10, EPS / 4, 1, false), model, data));
        runs.add(run("square", new SquareAttack(1, EPS, 300, 0.8), model, data));
        runs.add(run("square_larger_eps", new SquareAttack(2, 2 * EPS, 300, 0.8), model, data)); // no white-box as large
        return MaskingCheck.compare(runs);
    }

    private static MaskingCheck.Run run(String id, EvasionAttack attack, LinearClassifier model,
            PneumoniaFixture.Labelled data) {
        var e = AdversarialCheck.run(attack, model, data.images(), data.labels(),
                PneumoniaFixture.randoms(0, data.size()));
        Map<Integer, Boolean> correct = new LinkedHashMap<>();
        for (int i = 0; i < data.size(); i++) {
            correct.put(i, e.logits().argmax(i) == data.labels()[i]);
        }
        return MaskingCheck.Run.of(id, attack, correct);
    }

    private static String ensembleFlag(LinearClassifier model) {
        var data = model.data(400, 5);
        AutoAttackEnsemble ensemble = new AutoAttackEnsemble(1, EPS, 20, 300);
        var e = AdversarialCheck.run(ensemble, model, data.images(), data.labels(),
                PneumoniaFixture.randoms(0, data.size()));
        List<String> brokenBy = e.details().stream().map(d -> (String) d.get("brokenBy")).toList();
        return MaskingCheck.ensemble(brokenBy, ensemble.blackBoxMembers());
    }
}
