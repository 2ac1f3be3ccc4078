package org.medrobust.suite.run;

import org.medrobust.attacks.evasion.AdversarialCheck;
import org.medrobust.attacks.evasion.EvasionAttack;

/**
 * An attack on a batch: the adversarial images, the model's logits on them as re-evaluated by {@link
 * AdversarialCheck} (never the attack's claim), and per sample success, perturbation norms and queries.
 */
final class EvasionApplication {

    private EvasionApplication() {
    }

    static ThreatApplication of(EvasionAttack attack) {
        return (model, clean, labels, randoms) -> {
            AdversarialCheck.Evaluated e = AdversarialCheck.run(attack, model, clean, labels, randoms);
            return new ThreatApplication.BatchResult(e.inputs(), e.logits(), e.details());
        };
    }
}
