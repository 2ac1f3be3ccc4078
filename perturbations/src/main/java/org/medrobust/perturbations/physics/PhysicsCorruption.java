package org.medrobust.perturbations.physics;

import java.util.SequencedMap;
import org.medrobust.perturbations.Corruption;

/**
 * What the acquisition-physics corruptions add to every {@link Corruption}: their parameters end with the clip to
 * [0, 1] every one of them applies (then the published source, as for all corruptions).
 */
abstract class PhysicsCorruption extends Corruption {

    PhysicsCorruption(String id, int severity, String source) {
        super(id, severity, source);
    }

    @Override
    protected final void describe(SequencedMap<String, Object> parameters) {
        describeStrength(parameters);
        parameters.put("clip", "[0, 1]");
    }

    /** Puts the parameters that set this corruption's strength, in a stable order. */
    abstract void describeStrength(SequencedMap<String, Object> parameters);
}
