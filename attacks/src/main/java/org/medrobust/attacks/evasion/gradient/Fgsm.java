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
 * Fast gradient sign method (Goodfellow, Shlens and Szegedy 2015, "Explaining and harnessing adversarial
 * examples", eq. 3; torchattacks {@code FGSM}): {@code x' = clip(x + eps * sign(grad_x CE(f(x), y)), 0, 1)}, one
 * gradient per image, L-infinity budget eps.
 */
public final class Fgsm extends BaseAttack {

    public static final String ID = "fgsm";

    public Fgsm(int severity, double eps) {
        super(ID, severity, new ThreatModel(Norm.LINF.label(), eps, false, 1, eps, 1, false, 1));
    }

    @Override
    public Set<Class<? extends Capability>> requiredCapabilities() {
        return Set.of(InputGradients.class);
    }

    @Override
    public Attacked attackRecorded(Classifier model, ImageBatch images, int[] labels, List<RandomGenerator> randoms) {
        double eps = threatModel().eps();
        return ProjectedAscent.run(new ProjectedAscent.Settings(Norm.LINF, eps, eps, 1, 1, false), model, images,
                labels, randoms);
    }

    @Override
    protected String source() {
        return "Goodfellow et al. 2015, eq. 3 (torchattacks FGSM)";
    }
}
