package org.medrobust.attacks.fault.scan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.medrobust.attacks.fault.FaultModel;
import org.medrobust.models.Classifier;
import org.medrobust.models.capability.Capability;
import org.medrobust.models.capability.ScanFaults;
import org.medrobust.models.capability.ScanFaults.ScanSite;
import org.medrobust.models.scan.ScanFault;
import org.medrobust.models.scan.ScanShape;

/**
 * A transient bit flip inside a Mamba model's selective scan, the recurrence no convolution or attention layer has:
 * PyTorchFI's neuron fault (Mahmoud et al. 2020) moved from a layer's output into the scan core's hidden state
 * {@code h[b, d, n, t]} ({@link ScanFault.Target#STATE}: the state and everything after it carries the flip, decayed
 * by {@code exp(dt A)} step by step) or its readout {@code y[b, d, t] = C_t . h_t} before the skip term and gate
 * ({@link ScanFault.Target#OUTPUT}: one value). Severity {@code S} picks the S-th scan of the forward pass
 * ({@link ScanFaults#scans()}: Vim's two per block, one SS2D scan per VMamba/MedMamba block); the step t, channel d
 * and state index n are drawn uniformly at injection, and every sample of the batch takes the flip at that site, in
 * every forward pass while injected. Closing removes the fault (no weight changes). A model without scans is not
 * applicable, with the reason.
 */
public final class ScanBitFlip implements FaultModel {

    public static final String STATE_ID = "scan_state_msb";
    public static final String OUTPUT_ID = "scan_output_msb";

    private final ScanFault.Target target;
    private final int scan;
    private final int bit;

    public ScanBitFlip(ScanFault.Target target, int scan, int bit) {
        if (scan < 1 || bit < 0 || bit > 31) {
            throw new IllegalArgumentException("scan faults need a scan >= 1 and a bit in 0-31, got scan " + scan
                    + ", bit " + bit);
        }
        this.target = java.util.Objects.requireNonNull(target);
        this.scan = scan;
        this.bit = bit;
    }

    /** The campaign's per-scan exponent-MSB flip in the hidden state: severity = scan number. */
    public static ScanBitFlip stateMsb(int severity) {
        return new ScanBitFlip(ScanFault.Target.STATE, severity, 30);
    }

    /** The campaign's per-scan exponent-MSB flip in the readout y: severity = scan number. */
    public static ScanBitFlip outputMsb(int severity) {
        return new ScanBitFlip(ScanFault.Target.OUTPUT, severity, 30);
    }

    @Override
    public String id() {
        return target == ScanFault.Target.STATE ? STATE_ID : OUTPUT_ID;
    }

    @Override
    public int severity() {
        return scan;
    }

    @Override
    public SequencedMap<String, Object> parameters() {
        SequencedMap<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("scan", scan);
        parameters.put("target", target == ScanFault.Target.STATE ? "hidden state h[b, d, n, t] after step t"
                : "readout y[b, d, t] = C_t . h_t before D u and the gate");
        parameters.put("bit", bit);
        parameters.put("site", target == ScanFault.Target.STATE
                ? "step t, channel d, state n uniform at injection, every sample" : "step t, channel d uniform at "
                + "injection, every sample");
        parameters.put("duration", "transient: one flip per forward pass while injected, weights untouched");
        return parameters;
    }

    @Override
    public Set<Class<? extends Capability>> requiredCapabilities() {
        return Set.of(ScanFaults.class);
    }

    @Override
    public Optional<String> notApplicable(Classifier model) {
        Optional<String> missing = FaultModel.super.notApplicable(model);
        if (missing.isPresent()) {
            return missing;
        }
        ScanFaults faults = model.capability(ScanFaults.class).orElseThrow();
        int scans = faults.scans().size();
        if (scans == 0) {
            return Optional.of("model " + model.id() + " (" + model.kind() + ") runs no selective scan, which "
                    + id() + " needs");
        }
        Optional<String> unavailable = faults.scanFaultsUnavailable();
        if (unavailable.isPresent()) {
            return unavailable;
        }
        return scan > scans ? Optional.of("model " + model.id() + " has " + scans + " scan(s), " + id()
                + " asked for scan " + scan) : Optional.empty();
    }

    @Override
    public FaultInjection inject(Classifier model, RandomGenerator random) {
        notApplicable(model).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
        ScanFaults faults = model.capability(ScanFaults.class).orElseThrow();
        ScanSite site = faults.scans().get(scan - 1);
        ScanShape shape = site.shape();
        int step = random.nextInt(shape.length());
        int channel = random.nextInt(shape.dim());
        int state = target == ScanFault.Target.STATE ? random.nextInt(shape.dstate()) : 0;
        faults.injectScanFault(site.name(), new ScanFault(target, channel, state, step, bit));
        String where = target == ScanFault.Target.STATE
                ? "state h[b, d=" + channel + ", n=" + state + ", t=" + step + "]"
                : "output y[b, d=" + channel + ", t=" + step + "]";
        String line = site.name() + " " + where + " bit " + bit + " flip, every sample (scan of " + shape.dim()
                + " channels x " + shape.dstate() + " states x " + shape.length() + " steps)";
        return new FaultInjection() {
            @Override
            public List<String> sites() {
                return List.of(line);
            }

            @Override
            public Optional<SingleBit> singleBit() {
                return Optional.of(new SingleBit(target == ScanFault.Target.STATE ? "scan state" : "scan output",
                        site.name(), bit));
            }

            @Override
            public void close() {
                faults.clearScanFaults();
            }
        };
    }
}
