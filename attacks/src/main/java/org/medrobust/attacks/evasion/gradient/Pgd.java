package org.medrobust.attacks.evasion.gradient;

import java.util.List;
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
 * Projected gradient descent on the cross-entropy (Madry et al. 2018, "Towards deep learning models resistant to
 * adversarial attacks", eq. 2; torchattacks {@code PGD} and {@code PGDL2}):
 * {@code x_{t+1} = Proj_{B_p(x, eps) ∩ [0,1]}(x_t + alpha * d_p(grad))} with {@code d_inf = sign(g)} and
 * {@code d_2 = g / ||g||_2}, from x or from a random point of the ball, with restarts. An image counts as broken at
 * the first iterate that is misclassified.
 */
public final class Pgd extends BaseAttack {

    public static final String ID_LINF = "pgd_linf";
    public static final String ID_L2 = "pgd_l2";

    private final Norm norm;

    /**
     * @param stepSize alpha, in the norm's units (Madry et al. use 2.5 * eps / steps; the pinned defaults are in
     *                 {@code EvasionCatalog})
     */
    public Pgd(Norm norm, int severity, double eps, int steps, double stepSize, int restarts, boolean randomStart) {
        super(norm == Norm.LINF ? ID_LINF : ID_L2, severity,
                new ThreatModel(norm.label(), eps, false, steps, stepSize, restarts, randomStart, steps * restarts));
        this.norm = norm;
    }

    @Override
    public Set<Class<? extends Capability>> requiredCapabilities() {
        return Set.of(InputGradients.class);
    }

    @Override
    public Attacked attackRecorded(Classifier model, ImageBatch images, int[] labels, List<RandomGenerator> randoms) {
        ThreatModel t = threatModel();
        return ProjectedAscent.run(new ProjectedAscent.Settings(norm, t.eps(), t.stepSize(), t.steps(), t.restarts(),
                t.randomStart()), model, images, labels, randoms);
    }

    @Override
    protected String source() {
        return "Madry et al. 2018, eq. 2 (torchattacks " + (norm == Norm.LINF ? "PGD" : "PGDL2") + ")";
    }
}
