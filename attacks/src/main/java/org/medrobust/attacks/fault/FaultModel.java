package org.medrobust.attacks.fault;

import java.util.Set;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.threat.Threat;
import org.medrobust.datasets.threat.ThreatFamily;
import org.medrobust.models.Classifier;
import org.medrobust.models.capability.Capability;

/** A simulated hardware fault (bit flips in weights or activations) injected into a model for a while. */
public interface FaultModel extends Threat {

    Set<Class<? extends Capability>> requiredCapabilities();

    /** Injects the fault; closing the returned injection restores the model bit for bit. */
    FaultInjection inject(Classifier model, RandomGenerator random);

    /**
     * Why this fault cannot be applied to {@code model} (a missing capability, a layer it does not have), or empty
     * when it can: the campaign records such a scenario as skipped with the reason.
     */
    default java.util.Optional<String> notApplicable(Classifier model) {
        for (Class<? extends Capability> needed : requiredCapabilities()) {
            if (model.capability(needed).isEmpty()) {
                return java.util.Optional.of("model " + model.id() + " (" + model.kind() + ") offers no "
                        + needed.getSimpleName() + ", which " + id() + " needs");
            }
        }
        return java.util.Optional.empty();
    }

    @Override
    default ThreatFamily family() {
        return ThreatFamily.FAULT;
    }

    /**
     * One flipped bit's place on the vulnerability maps.
     *
     * @param kind  {@link #WEIGHT}, {@code "activation"} (a hooked layer's output or a point inside a block),
     *              {@code "scan state"} or {@code "scan output"}
     * @param layer the weight tensor, hooked layer or point, or scan, by its model's own name
     * @param bit   the float32 bit position (31 = sign)
     */
    record SingleBit(String kind, String layer, int bit) {

        public static final String WEIGHT = "weight";
    }

    /** An active fault. {@link #sites()} says exactly what was changed, for the results. */
    interface FaultInjection extends AutoCloseable {

        /** One line per changed site, e.g. "conv1.weight[17] bit 30". */
        java.util.List<String> sites();

        /**
         * Where a single-bit fault landed, for the vulnerability maps (layer x bit); empty for a fault of several
         * bits or sites.
         */
        default java.util.Optional<SingleBit> singleBit() {
            return java.util.Optional.empty();
        }

        @Override
        void close();
    }
}
