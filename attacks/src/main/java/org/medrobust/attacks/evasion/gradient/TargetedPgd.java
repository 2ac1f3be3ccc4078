package org.medrobust.attacks.evasion.gradient;

import java.util.List;
import java.util.SequencedMap;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.medrobust.attacks.evasion.BaseAttack;
import org.medrobust.attacks.evasion.Norm;
import org.medrobust.attacks.evasion.ThreatModel;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.models.Classifier;
import org.medrobust.models.capability.Capability;
import org.medrobust.models.capability.InputGradients;

/**
 * Targeted PGD (Madry et al. 2018, eq. 2, with the targeted step of Kurakin et al. 2017, "Adversarial examples in
 * the physical world", section 2.2; torchattacks {@code PGD}/{@code PGDL2} in targeted mode):
 * {@code x_{t+1} = Proj_{B_p(x, eps) ∩ [0,1]}(x_t - alpha * d_p(grad_x CE(f(x_t), t)))} towards a target class t
 * chosen per image by a {@link TargetRule}. Success is reaching t (re-decided on the returned image, which records
 * its {@code target}); an image stops at the first iterate predicted as t.
 */
public final class TargetedPgd extends BaseAttack {

    public static final String ID_LINF = "pgd_linf_targeted";
    public static final String ID_L2 = "pgd_l2_targeted";

    private final Norm norm;
    private final TargetRule rule;

    public TargetedPgd(Norm norm, int severity, double eps, int steps, double stepSize, int restarts,
            boolean randomStart, TargetRule rule) {
        super(norm == Norm.LINF ? ID_LINF : ID_L2, severity,
                new ThreatModel(norm.label(), eps, true, steps, stepSize, restarts, randomStart, steps * restarts + 1));
        this.norm = norm;
        this.rule = rule;
    }

    @Override
    public Set<Class<? extends Capability>> requiredCapabilities() {
        return Set.of(InputGradients.class);
    }

    @Override
    protected void specifics(SequencedMap<String, Object> p) {
        p.put("target", rule.label());
        p.put("loss", "cross-entropy towards the target, descended");
    }

    @Override
    public Attacked attackRecorded(Classifier model, ImageBatch images, int[] labels, List<RandomGenerator> randoms) {
        ThreatModel t = threatModel();
        int[] targets = rule.targets(model.predict(images), labels, randoms);
        Attacked a = ProjectedAscent.run(new ProjectedAscent.Settings(norm, t.eps(), t.stepSize(), t.steps(),
                t.restarts(), t.randomStart()), model, images, labels, targets, randoms);
        a.details().forEach(d -> d.merge("queries", 1, (x, y) -> (Integer) x + (Integer) y)); // the clean forward
        return a;
    }

    @Override
    protected String source() {
        return "Madry et al. 2018, eq. 2, targeted step of Kurakin et al. 2017 (torchattacks "
                + (norm == Norm.LINF ? "PGD" : "PGDL2") + ", targeted mode)";
    }
}
