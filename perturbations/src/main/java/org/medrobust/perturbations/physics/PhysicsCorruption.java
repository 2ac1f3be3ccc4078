package org.medrobust.perturbations.physics;

import java.util.LinkedHashMap;
import java.util.SequencedMap;
import org.medrobust.perturbations.Perturbation;

/**
 * What the acquisition-physics corruptions share: id, severity, and parameters in one order (the corruption's own,
 * then the clip to [0, 1] every one of them applies, then the published source).
 */
abstract class PhysicsCorruption implements Perturbation {

    private final String id;
    private final int severity;
    private final String source;

    PhysicsCorruption(String id, int severity, String source) {
        this.id = id;
        this.severity = severity;
        this.source = source;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final int severity() {
        return severity;
    }

    @Override
    public final SequencedMap<String, Object> parameters() {
        SequencedMap<String, Object> parameters = new LinkedHashMap<>();
        describe(parameters);
        parameters.put("clip", "[0, 1]");
        parameters.put("source", source);
        return parameters;
    }

    /** Puts the parameters that set this corruption's strength, in a stable order. */
    abstract void describe(SequencedMap<String, Object> parameters);
}
