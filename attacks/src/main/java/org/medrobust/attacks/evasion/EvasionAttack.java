package org.medrobust.attacks.evasion;

import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.threat.Threat;
import org.medrobust.datasets.threat.ThreatFamily;
import org.medrobust.models.Classifier;
import org.medrobust.models.capability.Capability;

/** An adversarial manipulation of the input under a budget (e.g. an L-infinity ball). */
public interface EvasionAttack extends Threat {

    /** Capabilities the attack needs from the model; a model without them gets the scenario skipped. */
    Set<Class<? extends Capability>> requiredCapabilities();

    /**
     * Adversarial versions of the images, each within the attack's budget of its original.
     *
     * @param labels  true class of each image
     * @param randoms one generator per image, seeded by the campaign from (seed, scenario, sample)
     */
    ImageBatch attack(Classifier model, ImageBatch images, int[] labels, List<RandomGenerator> randoms);

    @Override
    default ThreatFamily family() {
        return ThreatFamily.EVASION;
    }
}
