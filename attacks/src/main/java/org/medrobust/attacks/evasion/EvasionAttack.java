package org.medrobust.attacks.evasion;

import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.threat.Threat;
import org.medrobust.datasets.threat.ThreatFamily;
import org.medrobust.models.Classifier;
import org.medrobust.models.capability.Capability;
import org.medrobust.models.capability.InputGradients;

/**
 * An adversarial manipulation of the input under a budget (e.g. an L-infinity ball). As in Foolbox 3, the attack
 * only returns images: whether it succeeded is decided again on them ({@link AdversarialCheck}), never taken from
 * the attack's own claim.
 */
public interface EvasionAttack extends Threat {

    /** Capabilities the attack needs from the model; a model without them gets the scenario skipped. */
    Set<Class<? extends Capability>> requiredCapabilities();

    /** The adversary's budget and procedure; its parameters open {@link #parameters()}. */
    ThreatModel threatModel();

    /**
     * Adversarial versions of the images, each within the attack's budget of its original.
     *
     * @param labels  true class of each image
     * @param randoms one generator per image, seeded by the campaign from (seed, scenario, sample)
     */
    default ImageBatch attack(Classifier model, ImageBatch images, int[] labels, List<RandomGenerator> randoms) {
        return attackRecorded(model, images, labels, randoms).images();
    }

    /**
     * The adversarial images with what the attack recorded per image (queries used, the target class of a targeted
     * attack under the key {@value #TARGET}, the member of an ensemble that produced it ...).
     */
    Attacked attackRecorded(Classifier model, ImageBatch images, int[] labels, List<RandomGenerator> randoms);

    /**
     * The most model calls one image may cost, split into forward-only and gradient calls (for the duration estimate
     * before a run). By default the query budget, all of one kind: gradient calls if the attack needs input
     * gradients, forward-only calls otherwise.
     */
    default CallBudget calls() {
        int q = threatModel().queryBudget();
        return requiredCapabilities().contains(InputGradients.class) ? CallBudget.gradientsOnly(q)
                : CallBudget.forwardsOnly(q);
    }

    /** Per-image detail key of a targeted attack's target class. */
    String TARGET = "target";

    @Override
    default ThreatFamily family() {
        return ThreatFamily.EVASION;
    }

    @Override
    SequencedMap<String, Object> parameters();

    /** Adversarial images and, per image, JSON-friendly facts in a stable key order (an empty list: none). */
    record Attacked(ImageBatch images, List<Map<String, Object>> details) {
    }
}
