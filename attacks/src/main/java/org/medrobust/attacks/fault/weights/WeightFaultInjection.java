package org.medrobust.attacks.fault.weights;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.medrobust.attacks.fault.FaultModel.FaultInjection;
import org.medrobust.attacks.fault.FaultModel.SingleBit;
import org.medrobust.models.capability.WritableWeights;

/**
 * Weight faults written in place, undone by {@link #close()}. Only the touched tensors are copied (the golden
 * values); closing writes them back and reads them again to check that every bit is as before, so a model leaves a
 * fault bit-identical to how it entered it, with no reload (PyTorchFI's inject/run/restore, as a scoped resource).
 */
public final class WeightFaultInjection implements FaultInjection {

    private final WritableWeights weights;
    private final Map<String, float[]> golden;
    private final List<String> sites;
    private final List<WeightSite> weightSites;
    private boolean closed;

    private WeightFaultInjection(WritableWeights weights, Map<String, float[]> golden, List<String> sites,
            List<WeightSite> weightSites) {
        this.weights = weights;
        this.golden = golden;
        this.sites = List.copyOf(sites);
        this.weightSites = List.copyOf(weightSites);
    }

    /** Applies {@code op} at every site (several sites in one tensor share one write). */
    public static WeightFaultInjection inject(WritableWeights weights, List<WeightSite> sites, BitOp op) {
        Map<String, float[]> golden = new LinkedHashMap<>();
        Map<String, float[]> faulty = new LinkedHashMap<>();
        List<String> described = new ArrayList<>(sites.size());
        for (WeightSite site : sites) {
            float[] values = faulty.computeIfAbsent(site.tensor(), name -> {
                float[] original = weights.read(name);
                golden.put(name, original);
                return original.clone();
            });
            if (site.index() < 0 || site.index() >= values.length || site.bit() < 0 || site.bit() > 31) {
                throw new IllegalArgumentException("no weight bit " + site + ": the tensor has " + values.length
                        + " float32 values");
            }
            float before = values[site.index()];
            values[site.index()] = op.apply(before, site.bit());
            described.add(site + " " + op.label() + " (" + before + " -> " + values[site.index()] + ")");
        }
        return write(weights, golden, faulty, new WeightFaultInjection(weights, golden, described, sites));
    }

    /** Replaces whole tensors (e.g. by their quantised and bit-flipped values); {@code sites} describe the faults. */
    public static WeightFaultInjection replace(WritableWeights weights, Map<String, float[]> replacements,
            List<String> sites) {
        Map<String, float[]> golden = new LinkedHashMap<>();
        replacements.keySet().forEach(name -> golden.put(name, weights.read(name)));
        return write(weights, golden, replacements, new WeightFaultInjection(weights, golden, sites, List.of()));
    }

    private static WeightFaultInjection write(WritableWeights weights, Map<String, float[]> golden,
            Map<String, float[]> faulty, WeightFaultInjection injection) {
        try {
            faulty.forEach(weights::write);
        } catch (RuntimeException e) {
            injection.close(); // a half-written fault is undone before the error goes on
            throw e;
        }
        return injection;
    }

    @Override
    public List<String> sites() {
        return sites;
    }

    /** The float32 bits changed, when the fault was given as bit sites (empty for whole-tensor replacements). */
    public List<WeightSite> weightSites() {
        return weightSites;
    }

    /** The one float32 bit changed, when the fault was exactly one bit site. */
    @Override
    public Optional<SingleBit> singleBit() {
        return weightSites.size() == 1 ? Optional.of(new SingleBit(SingleBit.WEIGHT, weightSites.getFirst().tensor(),
                weightSites.getFirst().bit())) : Optional.empty();
    }

    /** Writes the golden values back and checks them bit for bit; a mismatch is an error, never ignored. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        golden.forEach(weights::write);
        golden.forEach((name, values) -> {
            if (!Arrays.equals(bits(values), bits(weights.read(name)))) {
                throw new IllegalStateException("weight tensor '" + name + "' differs from its golden copy after a"
                        + " fault was removed");
            }
        });
    }

    static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
