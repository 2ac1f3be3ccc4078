package org.medrobust.attacks.evasion.blackbox;

import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.medrobust.attacks.evasion.BaseAttack;
import org.medrobust.attacks.evasion.CallBudget;
import org.medrobust.attacks.evasion.EvasionAttack;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.models.Classifier;
import org.medrobust.models.capability.Capability;

/**
 * Transfer attack (Papernot, McDaniel and Goodfellow 2016, "Transferability in machine learning"): adversarial
 * images are crafted with a white-box attack on a surrogate model (a zoo model with input gradients) and shown to the
 * target, which is only queried for the evaluation. So it attacks any model, ONNX included. The surrogate's id and
 * the crafting attack's parameters are recorded; the queries are the surrogate's.
 */
public final class TransferAttack extends BaseAttack {

    private final String surrogateId;
    private final Supplier<Classifier> surrogate;
    private final EvasionAttack crafting;
    private Classifier loaded;

    /**
     * @param surrogateId e.g. "builtin:cnn_phantom", recorded
     * @param surrogate   loads the surrogate once, on first use; it lives as long as this attack
     * @param crafting    the white-box attack run on the surrogate; its threat model is this attack's
     */
    public TransferAttack(String id, String surrogateId, Supplier<Classifier> surrogate, EvasionAttack crafting) {
        super(id, crafting.severity(), crafting.threatModel());
        this.surrogateId = surrogateId;
        this.surrogate = surrogate;
        this.crafting = crafting;
    }

    @Override
    public Set<Class<? extends Capability>> requiredCapabilities() {
        return Set.of();
    }

    /**
     * The target is called once per image (the evaluation); the crafting's gradient calls go to the surrogate, a
     * built-in model of its own: {@link #surrogateCalls()}.
     */
    @Override
    public CallBudget calls() {
        return CallBudget.forwardsOnly(1);
    }

    /** The crafting attack's calls per image, all made on the surrogate (a duration estimate prices them there). */
    public CallBudget surrogateCalls() {
        return crafting.calls();
    }

    /** The surrogate's id as configured, e.g. "builtin:cnn_phantom". */
    public String surrogateId() {
        return surrogateId;
    }

    /** The surrogate model, loaded on first use (the same instance the attack crafts on). */
    public Classifier surrogateModel() {
        return surrogate();
    }

    @Override
    protected void specifics(SequencedMap<String, Object> p) {
        p.put("surrogate", surrogateId);
        p.put("crafting", crafting.id());
        p.put("craftingSource", crafting.parameters().get("source"));
    }

    @Override
    protected String source() {
        return "Papernot et al. 2016 (transfer from a surrogate model)";
    }

    @Override
    public Attacked attackRecorded(Classifier model, ImageBatch images, int[] labels, List<RandomGenerator> randoms) {
        Classifier s = surrogate();
        if (!s.inputShape().equals(images.shape()) || s.classNames().size() != model.classNames().size()) {
            throw new InvalidInputException("threat " + id() + ": surrogate " + surrogateId + " takes "
                    + s.inputShape() + " images with " + s.classNames().size() + " classes; the target " + model.id()
                    + " has " + images.shape() + " and " + model.classNames().size());
        }
        Attacked crafted = crafting.attackRecorded(s, images, labels, randoms);
        List<Map<String, Object>> details = crafted.details().stream().map(d -> {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("surrogateQueries", d.getOrDefault("queries", 0));
            m.put("queries", 0);
            return m;
        }).toList();
        return new Attacked(crafted.images(), details);
    }

    private synchronized Classifier surrogate() {
        if (loaded == null) {
            loaded = surrogate.get();
        }
        return loaded;
    }
}
