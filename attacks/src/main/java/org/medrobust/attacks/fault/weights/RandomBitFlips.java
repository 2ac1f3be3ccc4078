package org.medrobust.attacks.fault.weights;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.medrobust.models.Classifier;
import org.medrobust.models.capability.WritableWeights;

/**
 * A fixed number of float32 weight bits inverted at uniformly random positions: {@code count} distinct weights
 * drawn uniformly from all weights (or from one layer), each at a fixed bit or a uniformly random one. A single
 * flip at a fixed bit gives the vulnerability map by bit position; at bit 30 per layer, the one by layer.
 */
public final class RandomBitFlips extends WeightFault {

    /** One random weight, at bit (severity - 1): severities 1..32 are the bit positions 0..31. */
    public static final String BIT_POSITION_ID = "weight_bit_position";
    /** One random weight of the severity-th weight tensor (in the model's order), at bit 30. */
    public static final String MSB_PER_LAYER_ID = "weight_msb_per_layer";
    /** The exponent's most significant bit of a float32. */
    public static final int EXPONENT_MSB = 30;

    private final String id;
    private final int severity;
    private final int count;
    private final int bit;
    private final int layerNumber;

    /**
     * @param bit         the bit position 0..31, or -1 for a uniformly random bit per weight
     * @param layerNumber 1-based position of the one weight tensor to draw from, or 0 for every tensor
     */
    public RandomBitFlips(String id, int severity, int count, int bit, int layerNumber) {
        if (bit < -1 || bit >= FLOAT_BITS || count < 0 || layerNumber < 0) {
            throw new IllegalArgumentException("bad random flips: count " + count + ", bit " + bit + ", layer "
                    + layerNumber);
        }
        this.id = id;
        this.severity = severity;
        this.count = count;
        this.bit = bit;
        this.layerNumber = layerNumber;
    }

    public static RandomBitFlips atBitPosition(int severity) {
        return new RandomBitFlips(BIT_POSITION_ID, severity, 1, severity - 1, 0);
    }

    public static RandomBitFlips msbOfLayer(int severity) {
        return new RandomBitFlips(MSB_PER_LAYER_ID, severity, 1, EXPONENT_MSB, severity);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int severity() {
        return severity;
    }

    @Override
    public SequencedMap<String, Object> parameters() {
        SequencedMap<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("flips", count);
        parameters.put("bit", bit < 0 ? "uniform 0-31" : bit);
        parameters.put("layer", layerNumber == 0 ? "all" : "weight tensor #" + layerNumber);
        parameters.put("positions", "distinct weights, uniform");
        parameters.put("op", op().label());
        return parameters;
    }

    @Override
    public Optional<String> notApplicable(Classifier model) {
        Optional<String> missing = super.notApplicable(model);
        if (missing.isPresent() || layerNumber == 0) {
            return missing;
        }
        int tensors = model.capability(WritableWeights.class).orElseThrow().tensors().size();
        return layerNumber <= tensors ? Optional.empty()
                : Optional.of("model " + model.id() + " has " + tensors + " weight tensors, not " + layerNumber);
    }

    @Override
    List<WeightSite> sites(WritableWeights weights, RandomGenerator random) {
        String layer = layerNumber == 0 ? null : weights.tensors().get(layerNumber - 1).name();
        return WeightSpace.of(weights, layer, FLOAT_BITS).randomSites(count, bit, random);
    }
}
