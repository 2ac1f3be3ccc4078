package org.medrobust.attacks.fault.weights;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.medrobust.models.capability.WritableWeights;

/**
 * Random memory errors at a bit error rate: every bit of every float32 weight (or of one layer) is hit
 * independently with probability {@code rate}, so the number of hits is Binomial(bits, rate) (the fault model of
 * Reagen et al. 2018, "Ares", and of PyTorchFI's random weight injection). A hit inverts the bit, or for the
 * stuck-at models forces it to 0 or 1 (a hit on a bit that already has that value changes nothing). Severities
 * 1..7 are the rates 1e-9, 1e-8, ... 1e-3.
 */
public final class BitErrorRate extends WeightFault {

    public static final String ID = "weight_ber";
    public static final String STUCK_AT_0_ID = "weight_stuck_at_0";
    public static final String STUCK_AT_1_ID = "weight_stuck_at_1";

    /** Rate by severity 1..7. */
    public static final double[] RATES = {1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3};

    private final String id;
    private final int severity;
    private final double rate;
    private final String layer;
    private final BitOp op;

    /** @param layer one weight tensor's name, or null for all weights */
    public BitErrorRate(String id, int severity, double rate, String layer, BitOp op) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("a bit error rate must lie in [0, 1], got " + rate);
        }
        this.id = id;
        this.severity = severity;
        this.rate = rate;
        this.layer = layer;
        this.op = op;
    }

    public static BitErrorRate flips(int severity) {
        return new BitErrorRate(ID, severity, rate(severity), null, BitOp.FLIP);
    }

    public static BitErrorRate stuckAt(int value, int severity) {
        return new BitErrorRate(value == 0 ? STUCK_AT_0_ID : STUCK_AT_1_ID, severity, rate(severity), null,
                value == 0 ? BitOp.STUCK_AT_0 : BitOp.STUCK_AT_1);
    }

    private static double rate(int severity) {
        if (severity < 1 || severity > RATES.length) {
            throw new IllegalArgumentException("bit error rate severities are 1-" + RATES.length + ", got " + severity);
        }
        return RATES[severity - 1];
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
    BitOp op() {
        return op;
    }

    @Override
    public SequencedMap<String, Object> parameters() {
        SequencedMap<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("bitErrorRate", rate);
        parameters.put("layer", layer == null ? "all" : layer);
        parameters.put("bits", "every float32 weight bit, independently");
        parameters.put("op", op.label());
        return parameters;
    }

    @Override
    List<WeightSite> sites(WritableWeights weights, RandomGenerator random) {
        return WeightSpace.of(weights, layer, FLOAT_BITS).bernoulliSites(rate, random);
    }
}
