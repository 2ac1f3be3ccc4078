package org.medrobust.attacks.fault.weights;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.medrobust.models.capability.WritableWeights;

/**
 * One chosen bit of one chosen float32 weight inverted: {@code w' = intBitsToFloat(floatToRawIntBits(w) ^ (1 << bit))}.
 * Bit 30, the exponent's most significant bit, turns a weight of magnitude below 2 into one near 1e38 (the flip
 * Rakin et al. 2019 and Hong et al. 2019, "Terminal brain damage", find most destructive in float32 networks).
 */
public final class ChosenBitFlip extends WeightFault {

    public static final String ID = "weight_bit_flip";

    private final WeightSite site;

    public ChosenBitFlip(String tensor, int index, int bit) {
        if (bit < 0 || bit >= FLOAT_BITS) {
            throw new IllegalArgumentException("a float32 has bits 0-31, got " + bit);
        }
        this.site = new WeightSite(tensor, index, bit);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int severity() {
        return 0;
    }

    @Override
    public SequencedMap<String, Object> parameters() {
        SequencedMap<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("tensor", site.tensor());
        parameters.put("index", site.index());
        parameters.put("bit", site.bit());
        parameters.put("op", op().label());
        return parameters;
    }

    @Override
    List<WeightSite> sites(WritableWeights weights, RandomGenerator random) {
        return List.of(site);
    }
}
