package org.medrobust.attacks.fault.attack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;
import org.medrobust.attacks.evasion.AttackSettings;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.threat.Threat;
import org.medrobust.datasets.threat.ThreatFamily;
import org.medrobust.models.Classifier;
import org.medrobust.models.capability.Capability;
import org.medrobust.models.capability.WeightGradients;
import org.medrobust.models.capability.WritableWeights;

/**
 * The Bit-Flip Attack ({@link BitFlipAttack}, Rakin et al. 2019) as a campaign threat: {@code - id: bit_flip_attack},
 * {@code parameters: {flips: 13, topK: 10, protocol: perBatch}}. {@code flips} is the number of search iterations
 * (the reference's {@code n_iter}; each flips one bit, or more where it escalates). Two protocols:
 * <ul>
 * <li>{@code perBatch} (the default): each campaign batch is one attack batch: the search runs on that batch (against
 * its true labels by default), every image's prediction is recorded after each iteration, and the weights are restored before the
 * next batch;</li>
 * <li>{@code attackBatch} (the paper's): the search runs once on the first {@code attackImages} images of the
 * evaluated data (default 128, the reference's {@code attack_sample_size}; fewer where the scenario has fewer), and
 * every batch of the evaluated data is predicted after each of its iterations. With {@code attackSplit} (e.g.
 * {@code train}) the attack images are instead {@code attackImages} images drawn at random (seeded) from that other
 * split of the same data entry, as the reference's {@code main.py} attacks the first batch of a shuffled training
 * loader and evaluates the test set.</li>
 * </ul>
 * {@code labels}: what the attack loss is measured against, {@code predicted} (the int8 model's own top-1 classes, as
 * the reference's {@code main.py} does "to prevent label leaking"; the default under {@code attackBatch}, the paper's
 * protocol) or {@code true} (the ground truth: an attacker who knows the labels; the default under {@code perBatch},
 * the worst case for the images evaluated). One severity (1); no trials: the search is deterministic.
 */
public final class BitFlipAttackThreat implements Threat {

    public static final String ID = "bit_flip_attack";

    /** The paper's headline: ResNet-18 on ImageNet from 69.8 % to 0.1 % top-1 in 13 flips. */
    public static final int DEFAULT_FLIPS = 13;

    /** The reference's {@code --attack_sample_size} default. */
    public static final int DEFAULT_ATTACK_IMAGES = 128;

    /** Where the search runs and what is evaluated. */
    public enum Protocol {
        /** Each campaign batch is attacked on its own and evaluated on itself. */
        PER_BATCH("perBatch"),
        /** One search on the first {@code attackImages} images; every batch evaluated after its iterations. */
        ATTACK_BATCH("attackBatch");

        private final String key;

        Protocol(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    private final int flips;
    private final int topK;
    private final Protocol protocol;
    private final int attackImages;
    private final BitFlipAttack.Targets targets;
    private final Split attackSplit;

    public BitFlipAttackThreat(int flips, int topK) {
        this(flips, topK, Protocol.PER_BATCH, DEFAULT_ATTACK_IMAGES);
    }

    /** With the protocol's default targets ({@link #defaultTargets}). */
    public BitFlipAttackThreat(int flips, int topK, Protocol protocol, int attackImages) {
        this(flips, topK, protocol, attackImages, defaultTargets(protocol));
    }

    public BitFlipAttackThreat(int flips, int topK, Protocol protocol, int attackImages,
            BitFlipAttack.Targets targets) {
        this(flips, topK, protocol, attackImages, targets, null);
    }

    /** @param attackSplit the split the attack images are drawn from (attackBatch only), or null: the evaluated data */
    public BitFlipAttackThreat(int flips, int topK, Protocol protocol, int attackImages,
            BitFlipAttack.Targets targets, Split attackSplit) {
        if (attackSplit != null && protocol != Protocol.ATTACK_BATCH) {
            throw new IllegalArgumentException("an attack split needs the attackBatch protocol");
        }
        this.flips = flips;
        this.topK = topK;
        this.protocol = protocol;
        this.attackImages = attackImages;
        this.targets = targets;
        this.attackSplit = attackSplit;
    }

    /**
     * {@code attackBatch} is the paper's protocol and takes the reference's targets, the model's own predictions;
     * {@code perBatch} attacks the very images it evaluates as a worst case, so its attacker knows their labels.
     */
    public static BitFlipAttack.Targets defaultTargets(Protocol protocol) {
        return protocol == Protocol.ATTACK_BATCH ? BitFlipAttack.Targets.OWN_PREDICTIONS
                : BitFlipAttack.Targets.TRUE_LABELS;
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
        AttackSettings settings = new AttackSettings(ID, parameters, Set.of("flips", "topK", "protocol",
                "attackImages", "labels", "attackSplit"));
        int flips = settings.integer("flips", DEFAULT_FLIPS);
        int topK = settings.integer("topK", BitFlipAttack.DEFAULT_TOP_K);
        if (flips < 1 || flips > 1000) {
            throw new InvalidInputException("threat " + ID + ": flips must be 1-1000, got " + flips);
        }
        if (topK < 1) {
            throw new InvalidInputException("threat " + ID + ": topK must be at least 1, got " + topK);
        }
        Protocol protocol = settings.choice("protocol", Protocol.PER_BATCH, List.of(Protocol.values()), Protocol::key,
                "perBatch or attackBatch");
        for (String key : List.of("attackImages", "attackSplit")) {
            if (protocol == Protocol.PER_BATCH && parameters.containsKey(key)) {
                throw new InvalidInputException("threat " + ID + ": " + key + " needs protocol: attackBatch");
            }
        }
        int attackImages = settings.integer("attackImages", DEFAULT_ATTACK_IMAGES);
        if (attackImages < 1) {
            throw new InvalidInputException("threat " + ID + ": attackImages must be at least 1, got " + attackImages);
        }
        BitFlipAttack.Targets targets = settings.choice("labels", defaultTargets(protocol),
                List.of(BitFlipAttack.Targets.values()), BitFlipAttack.Targets::key, "predicted or true");
        Split attackSplit = settings.choice("attackSplit", null, List.of(Split.values()), Split::key,
                "train, val or test");
        return new BitFlipAttackThreat(flips, topK, protocol, attackImages, targets, attackSplit);
    }

    /**
     * The split the attack images are drawn from ({@code attackSplit}), or empty: the first images of the evaluated
     * data.
     */
    public Optional<Split> attackSplit() {
        return Optional.ofNullable(attackSplit);
    }

    /** How an error about the attack split names the setting: "threat bit_flip_attack: attackSplit train". */
    public String attackSplitSetting() {
        return "threat " + ID + ": attackSplit " + attackSplit().orElseThrow().key();
    }

    /** What the attack loss is measured against. */
    public BitFlipAttack.Targets targets() {
        return targets;
    }

    public Protocol protocol() {
        return protocol;
    }

    /** The attack batch's size under {@link Protocol#ATTACK_BATCH} (cut to the scenario's images). */
    public int attackImages() {
        return attackImages;
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
        parameters.put("protocol", protocol.key());
        parameters.put("labels", targets.key());
        String against = targets == BitFlipAttack.Targets.OWN_PREDICTIONS
                ? "the int8 model's own top-1 predictions (the reference's targets)" : "their true labels";
        if (protocol == Protocol.PER_BATCH) {
            parameters.put("attackBatch", "each campaign batch, attacked against " + against
                    + "; weights restored after it");
        } else if (attackSplit == null) {
            parameters.put("attackImages", attackImages);
            parameters.put("attackBatch", "the first attackImages images of the evaluated data, attacked against "
                    + against + "; every batch evaluated after each iteration; weights restored after each batch");
        } else {
            parameters.put("attackImages", attackImages);
            parameters.put("attackSplit", attackSplit.key());
            parameters.put("attackBatch", "attackImages images of the data entry's " + attackSplit.key() + " split,"
                    + " drawn uniformly without replacement from the scenario's random stream and taken in index"
                    + " order, attacked against " + against + "; every batch of the evaluated split evaluated after"
                    + " each iteration; weights restored after each batch");
        }
        parameters.put("quantisation", "symmetric per-tensor int8 of every weight tensor of rank >= 2");
        parameters.put("search", BitFlipAttack.SEARCH);
        parameters.put("source", "Rakin, He and Fan, Bit-Flip Attack: Crushing Neural Network with Progressive Bit"
                + " Search, ICCV 2019; reference code elliothe/Neural_Network_Weight_Attack attack/BFA.py");
        return parameters;
    }
}
