package org.medrobust.datasets.threat;

/** The four threat families a campaign can apply, plus the clean baseline. */
public enum ThreatFamily {
    /** No threat: the model on the data as given. */
    CLEAN,
    /** Sensor noise and acquisition artifacts. */
    PERTURBATION,
    /** Adversarial manipulation of the input. */
    EVASION,
    /** Simulated hardware faults (bit flips in weights or activations). */
    FAULT,
    /** A different hospital: site profiles and cross-site data. */
    DOMAIN_SHIFT
}
