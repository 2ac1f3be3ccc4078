package org.medrobust.suite.plan;

import org.medrobust.datasets.threat.Threat;
import org.medrobust.perturbations.mitigation.MitigatedShift;

/**
 * One planned unit of work: a threat at one severity, for one model, on one evaluated data split.
 *
 * @param id         unique and stable, e.g. "phantom_cnn@phantom/test:gaussian_noise/s3"; a fault trial adds
 *                   "/t2"
 * @param randomKey  what per-sample random draws are keyed on, with the seed and the sample index. It leaves out
 *                   the model, so every model sees the very same noisy images (paired comparisons).
 * @param skipReason why the scenario cannot run (e.g. the model's input shape does not fit the data), or null
 * @param limit      evaluate only the first {@code limit} samples of the data (a threat entry's {@code limit}), or
 *                   null for all
 */
public record Scenario(String id, String randomKey, String modelId, String dataKey, Threat threat, String skipReason,
        Integer limit) {

    public static Scenario of(String modelId, String dataKey, Threat threat, String skipReason) {
        return of(modelId, dataKey, threat, skipReason, null);
    }

    public static Scenario of(String modelId, String dataKey, Threat threat, String skipReason, Integer limit) {
        String threatPart = part(threat);
        if (threat instanceof FaultTrial t) {
            threatPart += "/t" + t.trial(); // each trial its own scenario and random stream
        }
        // a mitigated shift draws the shift's stream: the same shifted images as the shift alone (paired)
        String randomKey = dataKey + ":" + (threat instanceof MitigatedShift m ? part(m.shift()) : threatPart);
        return new Scenario(modelId + "@" + dataKey + ":" + threatPart, randomKey, modelId, dataKey, threat,
                skipReason, limit);
    }

    private static String part(Threat threat) {
        return threat.severity() == 0 ? threat.id() : threat.id() + "/s" + threat.severity();
    }

    /** How many samples of a data set of {@code size} this scenario evaluates. */
    public int samples(int size) {
        return limit == null ? size : Math.min(limit, size);
    }

    public boolean runnable() {
        return skipReason == null;
    }

    /** Short label for progress output. */
    public String label() {
        return modelId + " " + threat.id() + (threat.severity() == 0 ? "" : " s" + threat.severity())
                + (threat instanceof FaultTrial t ? " t" + t.trial() : "");
    }
}
