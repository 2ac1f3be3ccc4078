package org.medrobust.perturbations;

import java.util.LinkedHashMap;
import java.util.SequencedMap;

/**
 * What every corruption class shares: its id, its severity, and the reference it reproduces. Subclasses add their
 * parameters to {@link #parameters()} through {@link #describe}, in a stable order, after {@code source}.
 */
public abstract class Corruption implements Perturbation {

    private final String id;
    private final int severity;
    private final String source;

    protected Corruption(String id, int severity, String source) {
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
        parameters.put("source", source);
        return parameters;
    }

    /** Puts the applied parameters, as published for this severity. */
    protected abstract void describe(SequencedMap<String, Object> parameters);

    @Override
    public String toString() {
        return id + "/s" + severity + " " + parameters();
    }
}
