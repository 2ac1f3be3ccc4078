package org.medrobust.reports.schema;

/** How a scenario ended. */
public enum ScenarioStatus {
    /** Every batch ran. */
    COMPLETED,
    /** It threw or produced non-finite logits; its reason says why. The other scenarios still ran. */
    FAILED,
    /** It could not apply to this model (a missing capability); its reason says which. */
    SKIPPED
}
