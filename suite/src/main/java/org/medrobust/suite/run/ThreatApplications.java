package org.medrobust.suite.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.medrobust.attacks.evasion.EvasionAttack;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.medrobust.attacks.fault.FaultModel;
import org.medrobust.attacks.fault.attack.BitFlipAttackThreat;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.threat.Threat;
import org.medrobust.perturbations.Perturbation;
import org.medrobust.suite.run.fault.BitFlipAttackApplication;
import org.medrobust.suite.run.fault.FaultApplication;

/** Picks how to apply a threat by its family. */
final class ThreatApplications {

    /**
     * The "sample index" of a scenario's own random stream (sample indices are >= 0): what a threat draws once per
     * scenario, e.g. a fault's sites, comes from (seed, scenario key, -1).
     */
    static final int SCENARIO_STREAM = -1;

    private ThreatApplications() {
    }

    static ThreatApplication forThreat(Threat threat) {
        return forThreat(threat, () -> {
            throw new IllegalStateException(threat.id() + " needs a scenario random stream");
        });
    }

    /** @param scenarioRandom a fresh generator at the start of the scenario's own stream, each time it is called */
    static ThreatApplication forThreat(Threat threat, Supplier<RandomGenerator> scenarioRandom) {
        return forThreat(threat, scenarioRandom, null);
    }

    /** @param firstImages the Bit-Flip Attack's attack batch of n images (the first evaluated, or another split's) */
    static ThreatApplication forThreat(Threat threat, Supplier<RandomGenerator> scenarioRandom,
            IntFunction<BitFlipAttackApplication.AttackData> firstImages) {
        return switch (threat.family()) {
            case CLEAN -> (model, clean, labels, randoms) -> new ThreatApplication.BatchResult(clean, model.predict(clean));
            case PERTURBATION, DOMAIN_SHIFT -> perturbation((Perturbation) threat); // site shifts are perturbations
            case EVASION -> EvasionApplication.of((EvasionAttack) threat);
            case FAULT -> threat instanceof BitFlipAttackThreat bitFlips ? new BitFlipAttackApplication(bitFlips, firstImages)
                    : new FaultApplication((FaultModel) threat, scenarioRandom);
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
