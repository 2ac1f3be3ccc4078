package org.medrobust.attacks.fault.quantised;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.medrobust.attacks.fault.FaultModel;
import org.medrobust.attacks.fault.weights.BitOp;
import org.medrobust.attacks.fault.weights.WeightFaultInjection;
import org.medrobust.attacks.fault.weights.WeightSite;
import org.medrobust.attacks.fault.weights.WeightSpace;
import org.medrobust.models.Classifier;
import org.medrobust.models.capability.Capability;
import org.medrobust.models.capability.WritableWeights;

/**
 * Bit flips in int8 weight codes, the memory model of PyTorchFI's quantised injection and of the Bit-Flip Attack
 * (Rakin et al. 2019): every weight tensor is quantised ({@link Int8Tensor}, symmetric per tensor), then
 * {@code flips} distinct uniformly random codes get one uniformly random bit of their two's-complement byte
 * inverted ({@code q' = (byte) (q ^ (1 << b))}; bit 7 is the sign, so 5 becomes -123), and the model runs on
 * {@code q' * scale}. Severity 1 flips nothing: it is the quantised model itself, the reference the other levels
 * should be read against (SDC in a campaign is counted against the float32 model). Severities 1..6 flip
 * 0, 1, 2, 4, 8, 16 bits.
 */
public final class Int8BitFlips implements FaultModel {

    public static final String ID = "int8_bit_flip";
    public static final int[] FLIPS = {0, 1, 2, 4, 8, 16};

    private final int severity;
    private final int flips;

    public Int8BitFlips(int severity) {
        if (severity < 1 || severity > FLIPS.length) {
            throw new IllegalArgumentException("int8 flip severities are 1-" + FLIPS.length + ", got " + severity);
        }
        this.severity = severity;
        this.flips = FLIPS[severity - 1];
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int severity() {
        return severity;
    }

    @Override
    public SequencedMap<String, Object> parameters() {
        SequencedMap<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("flips", flips);
        parameters.put("quantisation", "symmetric per-tensor int8, scale = max|w| / 127, codes -127..127");
        parameters.put("bit", "uniform 0-7 of the two's-complement code");
        parameters.put("positions", "distinct weights, uniform over all tensors");
        return parameters;
    }

    @Override
    public Set<Class<? extends Capability>> requiredCapabilities() {
        return Set.of(WritableWeights.class);
    }

    @Override
    public FaultInjection inject(Classifier model, RandomGenerator random) {
        WritableWeights weights = model.capability(WritableWeights.class).orElseThrow(
                () -> new IllegalArgumentException(notApplicable(model).orElse("no writable weights")));
        Map<String, Int8Tensor> quantised = new LinkedHashMap<>();
        weights.tensors().forEach(t -> quantised.put(t.name(), Int8Tensor.quantise(weights.read(t.name()))));
        List<String> sites = new ArrayList<>();
        for (WeightSite site : WeightSpace.of(weights, null, Byte.SIZE).randomSites(flips, -1, random)) {
            byte[] codes = quantised.get(site.tensor()).codes();
            byte before = codes[site.index()];
            codes[site.index()] = (byte) BitOp.FLIP.apply(before, site.bit());
            sites.add(site.tensor() + "[" + site.index() + "] int8 bit " + site.bit() + " flip (" + before + " -> "
                    + codes[site.index()] + ")");
        }
        Map<String, float[]> values = new LinkedHashMap<>();
        quantised.forEach((name, tensor) -> values.put(name, tensor.dequantise()));
        return WeightFaultInjection.replace(weights, values, sites);
    }
}
