package org.medrobust.suite.plan;

import org.medrobust.datasets.threat.Threat;

/**
 * One planned unit of work: a threat at one severity, for one model, on one evaluated data split.
 *
 * @param id         unique and stable, e.g. "phantom_cnn@phantom/test:gaussian_noise/s3"; a fault trial adds
 *                   "/t2"
 * @param randomKey  what per-sample random draws are keyed on, with the seed and the sample index. It leaves out
 *                   the model, so every model sees the very same noisy images (paired comparisons).
 * @param skipReason why the scenario cannot run (e.g. the model's input shape does not fit the data), or null
 */
public record Scenario(String id, String randomKey, String modelId, String dataKey, Threat threat, String skipReason) {

    public static Scenario of(String modelId, String dataKey, Threat threat, String skipReason) {
        String threatPart = threat.severity() == 0 ? threat.id() : threat.id() + "/s" + threat.severity();
        if (threat instanceof FaultTrial t) {
            threatPart += "/t" + t.trial(); // each trial its own scenario and random stream
        }
        String randomKey = dataKey + ":" + threatPart;
        return new Scenario(modelId + "@" + randomKey, randomKey, modelId, dataKey, threat, skipReason);
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
