package org.medrobust.reports.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.medrobust.reports.schema.CorruptionErrorReport;
import org.medrobust.reports.schema.InputIdentity;
import org.medrobust.reports.schema.SampleOutcome;
import org.medrobust.reports.schema.ScenarioResult;
import org.medrobust.reports.schema.ScenarioStatus;

/**
 * Ten samples, indices 0..5 of class 0 and 6..9 of class 1; each scenario is given by the indices a model gets
 * wrong. Expected values computed by hand (comments), not by the code under test.
 */
class CorruptionErrorTableTest {

    private static final List<InputIdentity> MODELS = List.of(
            new InputIdentity("cnn", "djl-cnn", "builtin:cnn", "0".repeat(64), null),
            new InputIdentity("vim", "djl-vim", "builtin:vim", "1".repeat(64), null));

    private static ScenarioResult run(String model, String family, String threat, int severity, Set<Integer> wrong) {
        List<SampleOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int label = i < 6 ? 0 : 1;
            int prediction = wrong.contains(i) ? 1 - label : label;
            outcomes.add(new SampleOutcome(i, label, prediction, label, 0.9, 0, 0));
        }
        return new ScenarioResult(model + ":" + threat + ":" + severity, model, "d", "test", family, threat, severity,
                Map.of(), ScenarioStatus.COMPLETED, null, null, outcomes);
    }

    private static ScenarioResult failed(String model, String threat, int severity) {
        return new ScenarioResult(model + ":" + threat + ":" + severity, model, "d", "test", "PERTURBATION", threat,
                severity, Map.of(), ScenarioStatus.FAILED, "NaN logits", null, null);
    }

    // errors (top-1 | balanced = mean of the class error rates over 6 and 4 samples):
    // cnn clean {0}: .1 | 1/12          vim clean {6,7}: .2 | .25
    // noise s1 cnn {0,1,2}: .3 | .25     vim {6,7}: .2 | .25
    // noise s2 cnn {0..4}: .5 | 5/12     vim {6..9}: .4 | .5
    // blur s1, s2 cnn {0,6}: .2 | 5/24   vim {0..3}: .4 | 1/3 and {0..5}: .6 | .5
    private static List<ScenarioResult> scenarios() {
        List<ScenarioResult> s = new ArrayList<>();
        s.add(run("cnn", "CLEAN", "clean", 0, Set.of(0)));
        s.add(run("cnn", "PERTURBATION", "noise", 1, Set.of(0, 1, 2)));
        s.add(run("cnn", "PERTURBATION", "noise", 2, Set.of(0, 1, 2, 3, 4)));
        s.add(run("cnn", "PERTURBATION", "blur", 1, Set.of(0, 6)));
        s.add(run("cnn", "PERTURBATION", "blur", 2, Set.of(0, 6)));
        s.add(run("cnn", "PERTURBATION", "fog", 1, Set.of(0, 1)));
        s.add(run("cnn", "DOMAIN_SHIFT", "site", 0, Set.of(0, 1, 2, 3, 4, 5, 6)));
        s.add(run("vim", "CLEAN", "clean", 0, Set.of(6, 7)));
        s.add(run("vim", "PERTURBATION", "noise", 1, Set.of(6, 7)));
        s.add(run("vim", "PERTURBATION", "noise", 2, Set.of(6, 7, 8, 9)));
        s.add(run("vim", "PERTURBATION", "blur", 1, Set.of(0, 1, 2, 3)));
        s.add(run("vim", "PERTURBATION", "blur", 2, Set.of(0, 1, 2, 3, 4, 5)));
        s.add(failed("vim", "fog", 1));
        s.add(run("vim", "DOMAIN_SHIFT", "site", 0, Set.of()));
        return s;
    }

    @Test
    void ceRelativeCeBeAndRbeByHandAgainstTheFirstCnn() {
        CorruptionErrorReport report = CorruptionErrorTable.of(scenarios(), MODELS, null);
        assertThat(report.baseline()).isEqualTo("cnn");
        assertThat(report.baselineOrigin()).isEqualTo("first CNN");
        CorruptionErrorReport.Split split = report.datasets().getFirst();
        assertThat(split.corruptions()).containsExactly("noise", "blur");
        assertThat(split.excluded()).containsOnlyKeys("fog");
        assertThat(split.excluded().get("fog")).contains("vim:fog:1", "failed");
        CorruptionErrorReport.Model cnn = split.models().get(0);
        assertThat(cnn.ce()).containsEntry("noise", 1.0).containsEntry("blur", 1.0);
        assertThat(cnn.mce()).isEqualTo(1.0);
        CorruptionErrorReport.Model vim = split.models().get(1);
        assertThat(vim.cleanError()).isCloseTo(0.2, within(1e-12));
        assertThat(vim.cleanBalancedError()).isCloseTo(0.25, within(1e-12));
        // CE noise (.2 + .4) / (.3 + .5) = .75; blur (.4 + .6) / (.2 + .2) = 2.5; mCE 1.625
        assertThat(vim.ce().get("noise")).isCloseTo(0.75, within(1e-12));
        assertThat(vim.ce().get("blur")).isCloseTo(2.5, within(1e-12));
        assertThat(vim.mce()).isCloseTo(1.625, within(1e-12));
        // relative: noise (0 + .2) / (.2 + .4) = 1/3; blur (.2 + .4) / (.1 + .1) = 3; mean 5/3
        assertThat(vim.relativeCe().get("noise")).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(vim.relativeCe().get("blur")).isCloseTo(3.0, within(1e-12));
        assertThat(vim.relativeMce()).isCloseTo(5 / 3.0, within(1e-12));
        // BE noise (.25 + .5) / (.25 + 5/12) = 1.125; blur (1/3 + .5) / (5/24 + 5/24) = 2; mean 1.5625
        assertThat(vim.be().get("noise")).isCloseTo(1.125, within(1e-12));
        assertThat(vim.be().get("blur")).isCloseTo(2.0, within(1e-12));
        assertThat(vim.meanBe()).isCloseTo(1.5625, within(1e-12));
        // rBE noise (0 + .25) / ((.25 - 1/12) + (5/12 - 1/12)) = .5; blur (1/12 + 1/4) / (2 (5/24 - 1/12)) = 4/3
        assertThat(vim.relativeBe().get("noise")).isCloseTo(0.5, within(1e-12));
        assertThat(vim.relativeBe().get("blur")).isCloseTo(4 / 3.0, within(1e-12));
        assertThat(vim.meanRelativeBe()).isCloseTo(11 / 12.0, within(1e-12));
    }

    @Test
    void aConfiguredBaselineWinsAndUndefinedRatiosAreNull() {
        CorruptionErrorReport report = CorruptionErrorTable.of(scenarios(), MODELS, "vim");
        assertThat(report.baselineOrigin()).isEqualTo("config");
        CorruptionErrorReport.Model cnn = report.datasets().getFirst().models().getFirst();
        // (.3 + .5) / (.2 + .4)
        assertThat(cnn.ce().get("noise")).isCloseTo(4 / 3.0, within(1e-12));

        // a baseline that makes no error under a corruption leaves CE undefined, and the mean with it
        List<ScenarioResult> perfect = new ArrayList<>(scenarios());
        perfect.replaceAll(s -> s.model().equals("cnn") && s.threat().equals("blur")
                ? run("cnn", "PERTURBATION", "blur", s.severity(), Set.of()) : s);
        CorruptionErrorReport.Model vim = CorruptionErrorTable.of(perfect, MODELS, null).datasets().getFirst()
                .models().get(1);
        assertThat(vim.ce()).containsEntry("blur", null);
        assertThat(vim.mce()).isNull();
    }

    @Test
    void limitedThreatsCompareWithTheCleanErrorOnTheirOwnSamples() {
        List<ScenarioResult> limited = new ArrayList<>();
        for (ScenarioResult s : scenarios()) {
            if (s.threat().equals("noise")) {
                // only the first 5 samples (all class 0) were corrupted
                s = new ScenarioResult(s.id(), s.model(), s.dataset(), s.split(), s.family(), s.threat(), s.severity(),
                        s.parameters(), s.status(), s.reason(), s.metrics(), s.outcomes().subList(0, 5));
            }
            limited.add(s);
        }
        CorruptionErrorReport.Model vim = CorruptionErrorTable.of(limited, MODELS, null).datasets().getFirst()
                .models().get(1);
        // on samples 0..4: vim clean 0, noise s1 0, s2 0; cnn clean {0} = .2, s1 .6, s2 1.0
        // rCE = (0 + 0) / ((.6 - .2) + (1 - .2)) = 0
        assertThat(vim.relativeCe().get("noise")).isCloseTo(0.0, within(1e-12));
        // without the restriction it would be (0 - .2 + 0 - .2) / (...) < 0
    }

    @Test
    void aModelWhoseCleanPassFailedIsLeftOutInsteadOfEmptyingTheMeans() {
        List<ScenarioResult> withBroken = new ArrayList<>(scenarios());
        withBroken.add(new ScenarioResult("vit:clean:0", "vit", "d", "test", "CLEAN", "clean", 0, Map.of(),
                ScenarioStatus.FAILED, "NaN logits", null, null));
        withBroken.add(failed("vit", "noise", 1));
        withBroken.add(failed("vit", "noise", 2));
        CorruptionErrorReport.Split split = CorruptionErrorTable.of(withBroken, MODELS, null).datasets().getFirst();
        assertThat(split.models()).extracting(CorruptionErrorReport.Model::model).containsExactly("cnn", "vim");
        assertThat(split.corruptions()).containsExactly("noise", "blur");
    }

    @Test
    void noSectionWithoutABaselineOrWithoutCorruptions() {
        List<InputIdentity> noCnn = List.of(MODELS.get(1));
        assertThat(CorruptionErrorTable.of(scenarios(), noCnn, null)).isNull();
        assertThat(CorruptionErrorTable.of(scenarios().stream().filter(s -> !"PERTURBATION".equals(s.family()))
                .toList(), MODELS, null)).isNull();
    }
}
