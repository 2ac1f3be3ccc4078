package org.medrobust.suite.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.medrobust.attacks.evasion.EvasionAttack;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.threat.Threat;
import org.medrobust.perturbations.Perturbation;

/** Picks how to apply a threat by its family. */
final class ThreatApplications {

    private ThreatApplications() {
    }

    static ThreatApplication forThreat(Threat threat) {
        return switch (threat.family()) {
            case CLEAN -> (model, clean, labels, randoms) -> new ThreatApplication.BatchResult(clean, model.predict(clean));
            case PERTURBATION, DOMAIN_SHIFT -> perturbation((Perturbation) threat); // site shifts are perturbations
            case EVASION -> EvasionApplication.of((EvasionAttack) threat);
            default -> throw new UnsupportedOperationException("threat family " + threat.family() + " is not runnable yet");
        };
    }

    /** Each image gets its own generator, so a sample's noise does not depend on its batch. */
    private static ThreatApplication perturbation(Perturbation perturbation) {
        return (model, clean, labels, randoms) -> {
            List<Image> perturbed = new ArrayList<>(clean.size());
            List<Map<String, Object>> sampled = new ArrayList<>(clean.size());
            for (int i = 0; i < clean.size(); i++) {
                Perturbation.Perturbed result = perturbation.applyRecorded(clean.image(i), randoms.get(i));
                perturbed.add(result.image());
                sampled.add(result.sampled());
            }
            ImageBatch inputs = ImageBatch.of(perturbed);
            return new ThreatApplication.BatchResult(inputs, model.predict(inputs), sampled);
        };
    }
}
