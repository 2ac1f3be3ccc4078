package org.medrobust.attacks.fault.attack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;
import org.medrobust.attacks.evasion.AttackSettings;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.threat.Threat;
import org.medrobust.datasets.threat.ThreatFamily;
import org.medrobust.models.Classifier;
import org.medrobust.models.capability.Capability;
import org.medrobust.models.capability.WeightGradients;
import org.medrobust.models.capability.WritableWeights;

/**
 * The Bit-Flip Attack ({@link BitFlipAttack}, Rakin et al. 2019) as a campaign threat: {@code - id: bit_flip_attack},
 * {@code parameters: {flips: 13, topK: 10}}. Each campaign batch is one attack batch (the paper's attack uses one
 * batch of 128 images and reports accuracy against the number of flips): the search runs on that batch with its true
 * labels, every image's prediction is recorded after each flip, and the weights are restored before the next batch.
 * One severity (1); no trials: the search is deterministic.
 */
public final class BitFlipAttackThreat implements Threat {

    public static final String ID = "bit_flip_attack";

    /** The paper's headline: ResNet-18 on ImageNet from 69.8 % to 0.1 % top-1 in 13 flips. */
    public static final int DEFAULT_FLIPS = 13;

    private final int flips;
    private final int topK;

    public BitFlipAttackThreat(int flips, int topK) {
        this.flips = flips;
        this.topK = topK;
    }

    /**
     * The threat a config entry names.
     *
     * @throws InvalidInputException for an unknown parameter, a bad value, or a severity other than 1
     */
    public static BitFlipAttackThreat resolve(List<Integer> severities, Map<String, Object> parameters) {
        if (!severities.isEmpty() && !severities.equals(List.of(1))) {
            throw new InvalidInputException("threat " + ID + " has one severity (1), got " + severities
                    + "; set the number of flips with parameters: {flips: N}");
        }
        AttackSettings settings = new AttackSettings(ID, parameters, Set.of("flips", "topK"));
        int flips = settings.integer("flips", DEFAULT_FLIPS);
        int topK = settings.integer("topK", BitFlipAttack.DEFAULT_TOP_K);
        if (flips < 1 || flips > 1000) {
            throw new InvalidInputException("threat " + ID + ": flips must be 1-1000, got " + flips);
        }
        if (topK < 1) {
            throw new InvalidInputException("threat " + ID + ": topK must be at least 1, got " + topK);
        }
        return new BitFlipAttackThreat(flips, topK);
    }

    /** A fresh attack with this threat's settings (it never stops early: the curve runs to {@code flips}). */
    public BitFlipAttack attack() {
        return new BitFlipAttack(flips, topK, -1);
    }

    public int flips() {
        return flips;
    }

    public Set<Class<? extends Capability>> requiredCapabilities() {
        return Set.of(WritableWeights.class, WeightGradients.class);
    }

    /** Why {@code model} cannot be attacked (no writable weights or no weight gradients, e.g. ONNX), or empty. */
    public Optional<String> notApplicable(Classifier model) {
        return requiredCapabilities().stream().sorted(java.util.Comparator.comparing(Class::getSimpleName))
                .filter(type -> model.capability(type).isEmpty()).findFirst()
                .map(type -> "model " + model.id() + " (" + model.kind() + ") offers no " + type.getSimpleName()
                        + ", which " + ID + " needs");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ThreatFamily family() {
        return ThreatFamily.FAULT;
    }

    @Override
    public int severity() {
        return 1;
    }

    @Override
    public SequencedMap<String, Object> parameters() {
        SequencedMap<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("flips", flips);
        parameters.put("topK", topK);
        parameters.put("attackBatch", "each campaign batch, with its true labels; weights restored after it");
        parameters.put("quantisation", "symmetric per-tensor int8 of every weight tensor of rank >= 2");
        parameters.put("search", "progressive bit search (Rakin et al. 2019): per layer the loss-raising bit with the"
                + " largest |dL/db| among the topK weights by |dL/dw|, then the layer whose flip maximises the batch"
                + " loss; one bit per iteration, stopping early only when no bit raises the loss to first order");
        parameters.put("source", "Rakin, He and Fan, Bit-Flip Attack: Crushing Neural Network with Progressive Bit"
                + " Search, ICCV 2019; reference code elliothe/Neural_Network_Weight_Attack attack/BFA.py");
        return parameters;
    }
}
