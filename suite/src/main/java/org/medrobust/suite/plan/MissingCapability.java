package org.medrobust.suite.plan;

import java.util.Comparator;
import java.util.Set;
import org.medrobust.attacks.evasion.EvasionAttack;
import org.medrobust.attacks.fault.attack.BitFlipAttackThreat;
import org.medrobust.datasets.threat.Threat;
import org.medrobust.models.Classifier;
import org.medrobust.models.capability.Capability;
import org.medrobust.models.capability.InputGradients;

/** Why a model cannot take a threat: a capability the threat needs and the model lacks (e.g. input gradients). */
final class MissingCapability {

    private MissingCapability() {
    }

    /** The skip reason, or null when the model has everything the threat needs. */
    static String reason(Threat threat, String modelId, Classifier model) {
        if (threat instanceof BitFlipAttackThreat bitFlips) {
            return bitFlips.notApplicable(model).orElse(null);
        }
        Set<Class<? extends Capability>> needed = threat instanceof EvasionAttack attack
                ? attack.requiredCapabilities() : Set.of();
        return needed.stream().sorted(Comparator.comparing(Class::getSimpleName))
                .filter(type -> model.capability(type).isEmpty())
                .map(type -> "model " + modelId + " (" + model.kind() + ") has no " + describe(type))
                .findFirst().orElse(null);
    }

    private static String describe(Class<? extends Capability> type) {
        return type == InputGradients.class ? "input gradients, which this white-box attack needs (attack it with "
                + "a score-based or transfer attack instead)" : type.getSimpleName();
    }
}
