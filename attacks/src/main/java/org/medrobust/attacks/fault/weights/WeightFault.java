package org.medrobust.attacks.fault.weights;

import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.medrobust.attacks.fault.FaultModel;
import org.medrobust.models.Classifier;
import org.medrobust.models.capability.Capability;
import org.medrobust.models.capability.WritableWeights;

/** A fault in float32 weights: which bits it hits ({@link #sites}) and what it does to them ({@link #op}). */
abstract class WeightFault implements FaultModel {

    /** Bits per float32 weight. */
    static final int FLOAT_BITS = 32;

    @Override
    public Set<Class<? extends Capability>> requiredCapabilities() {
        return Set.of(WritableWeights.class);
    }

    /** The bits to change, drawn from {@code random} (the same generator state gives the same sites). */
    abstract List<WeightSite> sites(WritableWeights weights, RandomGenerator random);

    BitOp op() {
        return BitOp.FLIP;
    }

    @Override
    public FaultInjection inject(Classifier model, RandomGenerator random) {
        WritableWeights weights = model.capability(WritableWeights.class).orElseThrow(
                () -> new IllegalArgumentException(notApplicable(model).orElse("no writable weights")));
        return WeightFaultInjection.inject(weights, sites(weights, random), op());
    }
}
