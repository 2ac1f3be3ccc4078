package org.medrobust.datasets.threat;

import java.util.SequencedMap;

/**
 * What every threat (corruption, attack, fault model, site shift) declares about itself, so that results record
 * exactly what was applied.
 */
public interface Threat {

    /** Stable identifier, lower snake case, e.g. "gaussian_noise". */
    String id();

    ThreatFamily family();

    /** Severity level (1 = mildest) where the threat has levels, else 0. */
    int severity();

    /** Every parameter that determines the threat's effect, in a stable order, with JSON-friendly values. */
    SequencedMap<String, Object> parameters();
}
