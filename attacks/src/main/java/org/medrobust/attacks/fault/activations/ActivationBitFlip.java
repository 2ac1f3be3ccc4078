package org.medrobust.attacks.fault.activations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.medrobust.attacks.fault.FaultModel;
import org.medrobust.attacks.fault.weights.BitOp;
import org.medrobust.models.Classifier;
import org.medrobust.models.capability.ActivationHooks;
import org.medrobust.models.capability.Capability;

/**
 * A transient fault in an activation (PyTorchFI's neuron fault, Mahmoud et al. 2020: one bit of one value of a
 * layer's output inverted during a forward pass, the weights untouched). Severity {@code L} picks the L-th hookable
 * layer of the model ({@link ActivationHooks#layers()}); while injected, every sample's output of that layer gets bit
 * {@code bit} (default 30, the exponent MSB) of the value at the same position inverted, the position being
 * {@code floor(u * valuesPerSample)} for {@code u} uniform in [0, 1) drawn at injection: every sample suffers one
 * flip per inference, at a place that does not depend on the batch. Closing removes the hook (nothing to restore).
 *
 * <p>{@link #INSIDE_BLOCKS_ID} does the same at the points inside the blocks ({@link
 * ActivationHooks#pointsInsideBlocks()}: a ViT block's attention and MLP outputs, a Mamba block's in_proj, scan and
 * out_proj outputs), severity {@code P} picking the P-th point.
 */
public final class ActivationBitFlip implements FaultModel {

    public static final String ID = "activation_msb_per_layer";
    public static final String INSIDE_BLOCKS_ID = "block_activation_msb";

    private final int layer;
    private final int bit;
    private final boolean insideBlocks;

    public ActivationBitFlip(int layer, int bit) {
        this(layer, bit, false);
    }

    /** @param insideBlocks pick among the points inside blocks instead of the layers */
    public ActivationBitFlip(int layer, int bit, boolean insideBlocks) {
        if (layer < 1 || bit < 0 || bit > 31) {
            throw new IllegalArgumentException("activation flips need a layer >= 1 and a bit in 0-31, got layer "
                    + layer + ", bit " + bit);
        }
        this.layer = layer;
        this.bit = bit;
        this.insideBlocks = insideBlocks;
    }

    /** The campaign's per-point exponent-MSB flip inside blocks: severity = point number. */
    public static ActivationBitFlip msbInsideBlocks(int severity) {
        return new ActivationBitFlip(severity, 30, true);
    }

    private List<String> targets(ActivationHooks hooks) {
        return insideBlocks ? hooks.pointsInsideBlocks() : hooks.layers();
    }

    /** The campaign's per-layer exponent-MSB flip: severity = layer number. */
    public static ActivationBitFlip msbOfLayer(int severity) {
        return new ActivationBitFlip(severity, 30);
    }

    @Override
    public String id() {
        return insideBlocks ? INSIDE_BLOCKS_ID : ID;
    }

    @Override
    public int severity() {
        return layer;
    }

    @Override
    public SequencedMap<String, Object> parameters() {
        SequencedMap<String, Object> parameters = new LinkedHashMap<>();
        parameters.put(insideBlocks ? "point" : "layer", layer);
        if (insideBlocks) {
            parameters.put("points", "ActivationHooks.pointsInsideBlocks() in forward order (medrobust list --sites)");
        }
        parameters.put("bit", bit);
        parameters.put("position", "floor(u * values per sample), u uniform in [0, 1), the same for every sample");
        parameters.put("duration", "transient: every forward pass while injected, weights untouched");
        return parameters;
    }

    @Override
    public Set<Class<? extends Capability>> requiredCapabilities() {
        return Set.of(ActivationHooks.class);
    }

    @Override
    public Optional<String> notApplicable(Classifier model) {
        Optional<String> missing = FaultModel.super.notApplicable(model);
        if (missing.isPresent()) {
            return missing;
        }
        int layers = targets(model.capability(ActivationHooks.class).orElseThrow()).size();
        String what = insideBlocks ? " hook point(s) inside blocks, " : " hookable layer(s), ";
        return layer > layers ? Optional.of("model " + model.id() + " has " + layers + what + id() + " asked for "
                + (insideBlocks ? "point " : "layer ") + layer) : Optional.empty();
    }

    @Override
    public FaultInjection inject(Classifier model, RandomGenerator random) {
        notApplicable(model).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
        ActivationHooks hooks = model.capability(ActivationHooks.class).orElseThrow();
        String name = targets(hooks).get(layer - 1);
        double u = random.nextDouble();
        hooks.hook(name, (at, values, shape) -> {
            int perSample = shape.length == 0 || shape[0] == 0 ? values.length : (int) (values.length / shape[0]);
            int position = (int) Math.floor(u * perSample);
            for (int start = 0; start + perSample <= values.length; start += perSample) {
                values[start + position] = BitOp.FLIP.apply(values[start + position], bit);
            }
        });
        String site = name + " output, value at fraction " + u + " of each sample, bit " + bit + " flip";
        return new FaultInjection() {
            @Override
            public List<String> sites() {
                return List.of(site);
            }

            @Override
            public Optional<SingleBit> singleBit() {
                return Optional.of(new SingleBit("activation", name, bit));
            }

            @Override
            public void close() {
                hooks.clearHooks();
            }
        };
    }
}
