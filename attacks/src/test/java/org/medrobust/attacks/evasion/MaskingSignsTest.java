package org.medrobust.attacks.evasion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medrobust.attacks.evasion.MaskingCheck.Access;
import org.medrobust.attacks.evasion.MaskingCheck.Run;

/**
 * Each sign of gradient masking on hand-built results (what a report records: threat id, parameters, which
 * clean-correct samples stayed correct), one fixture that shows it and one just inside the line that does not:
 * (1) black-box beating white-box at the same or a larger white-box eps, (2) robust accuracy rising with eps,
 * (3) an iterative attack weaker than FGSM, (4) an unbounded attack not reaching 0; and AutoAttack's tolerance
 * (more than 0.002 of the samples).
 */
class MaskingSignsTest {

    private static final double E1 = 1 / 255.0;
    private static final double E2 = 2 / 255.0;
    private static final double E4 = 4 / 255.0;

    /** n samples, the first {@code robust} of them still correct. */
    private static Map<Integer, Boolean> correct(int n, int robust) {
        Map<Integer, Boolean> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put(i, i < robust);
        }
        return m;
    }

    private static Map<String, Object> params(String norm, Object eps, int steps, boolean targeted) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("norm", norm);
        p.put("eps", eps);
        p.put("targeted", targeted);
        p.put("steps", steps);
        p.put("stepSize", eps instanceof Double d ? 2.5 * d / steps : 0.0); // budget-dependent: ignored for grouping
        p.put("restarts", 1);
        return p;
    }

    private static Run pgd(String id, double eps, Map<Integer, Boolean> correct) {
        return Run.of(id, "pgd_linf", Access.WHITE_BOX, params("Linf", eps, 10, false), correct);
    }

    private static Run fgsm(String id, double eps, Map<Integer, Boolean> correct) {
        return Run.of(id, "fgsm", Access.WHITE_BOX, params("Linf", eps, 1, false), correct);
    }

    private static Run square(String id, double eps, Map<Integer, Boolean> correct) {
        return Run.of(id, "square_linf", Access.BLACK_BOX, params("Linf", eps, 200, false), correct);
    }

    @Test
    void blackBoxBeatingWhiteBoxAtTheSameOrALargerWhiteBoxBudgetIsFlagged() {
        // PGD at 4/255 leaves 8 of 10; Square at 2/255 leaves 5: it beats a white-box with twice its budget
        var flags = MaskingCheck.compare(List.of(pgd("pgd4", E4, correct(10, 8)), square("sq2", E2, correct(10, 5))));
        assertThat(flags).containsOnlyKeys("sq2");
        assertThat(flags.get("sq2")).contains("black-box", "pgd4", "0.5000", "0.8000");
        // Square at 8/255 has no white-box of at least its budget: nothing to compare
        assertThat(MaskingCheck.compare(List.of(pgd("pgd4", E4, correct(10, 8)),
                square("sq8", 8 / 255.0, correct(10, 2))))).isEmpty();
        // another norm is not compared
        assertThat(MaskingCheck.compare(List.of(pgd("pgd4", E4, correct(10, 8)), Run.of("sqL2", "square_l2",
                Access.BLACK_BOX, params("L2", 0.01, 200, false), correct(10, 0))))).isEmpty();
        // Square no better than PGD: honest
        assertThat(MaskingCheck.compare(List.of(pgd("pgd4", E4, correct(10, 5)), square("sq2", E2, correct(10, 5)))))
                .isEmpty();
    }

    @Test
    void robustAccuracyRisingWithEpsForOneAttackIsFlagged() {
        var flags = MaskingCheck.compare(List.of(fgsm("f1", E1, correct(10, 4)), fgsm("f2", E2, correct(10, 6)),
                fgsm("f4", E4, correct(10, 3))));
        assertThat(flags).containsOnlyKeys("f2");
        assertThat(flags.get("f2")).contains("rises with eps", "0.6000", "0.4000", "f1");
        // the same id with other settings (PGD-10 against PGD-20) is another attack: not compared
        Run pgd20 = Run.of("p20", "pgd_linf", Access.WHITE_BOX, params("Linf", E2, 20, false), correct(10, 9));
        assertThat(MaskingCheck.compare(List.of(pgd("p10", E1, correct(10, 2)), pgd20))).isEmpty();
        // non-increasing: honest
        assertThat(MaskingCheck.compare(List.of(pgd("p1", E1, correct(10, 6)), pgd("p2", E2, correct(10, 6)))))
                .isEmpty();
    }

    @Test
    void anIterativeAttackWeakerThanASingleStepOneIsFlagged() {
        var flags = MaskingCheck.compare(List.of(fgsm("f2", E2, correct(10, 3)), pgd("p4", E4, correct(10, 5))));
        assertThat(flags).containsOnlyKeys("p4");
        assertThat(flags.get("p4")).contains("iterative", "f2", "0.5000", "0.3000");
        // FGSM at a larger budget than PGD's is not a fair comparison
        assertThat(MaskingCheck.compare(List.of(fgsm("f4", E4, correct(10, 3)), pgd("p2", E2, correct(10, 5)))))
                .isEmpty();
    }

    @Test
    void anUnboundedAttackThatLeavesSamplesCorrectIsFlagged() {
        Map<String, Object> deepFool = params("L2", ThreatModel.UNBOUNDED, 50, false);
        assertThat(MaskingCheck.compare(List.of(Run.of("df", "deepfool_l2", Access.WHITE_BOX, deepFool,
                correct(10, 1))))).containsOnlyKeys("df").extractingByKey("df").asString()
                .contains("should reach 0", "1 of the 10");
        assertThat(MaskingCheck.compare(List.of(Run.of("df", "deepfool_l2", Access.WHITE_BOX, deepFool,
                correct(10, 0))))).isEmpty();
        // the whole [0, 1] box is no budget either
        assertThat(MaskingCheck.compare(List.of(pgd("p255", 1.0, correct(10, 2))))).containsOnlyKeys("p255");
        // a targeted goal may legitimately fail (the target may be far): not checked
        Map<String, Object> targeted = params("Linf", 1.0, 10, true);
        assertThat(MaskingCheck.compare(List.of(Run.of("t", "pgd_linf_targeted", Access.WHITE_BOX, targeted,
                correct(10, 5))))).isEmpty();
    }

    @Test
    void differencesWithinAutoAttacksToleranceAreNotFlagged() {
        // 1,000 samples: Square leaving 2 fewer is 0.002 (not more), 3 fewer is flagged
        assertThat(MaskingCheck.compare(List.of(pgd("p", E2, correct(1000, 500)),
                square("s", E2, correct(1000, 498))))).isEmpty();
        assertThat(MaskingCheck.compare(List.of(pgd("p", E2, correct(1000, 500)),
                square("s", E2, correct(1000, 497))))).containsOnlyKeys("s");
    }

    @Test
    void onlySharedSamplesAreCompared() {
        // PGD ran on samples 0-4 (all robust), Square on 5-9 (all broken): nothing in common, nothing to say
        Map<Integer, Boolean> first = new LinkedHashMap<>();
        Map<Integer, Boolean> second = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            first.put(i, true);
            second.put(i + 5, false);
        }
        assertThat(MaskingCheck.compare(List.of(pgd("p", E2, first), square("s", E2, second)))).isEmpty();
    }
}
