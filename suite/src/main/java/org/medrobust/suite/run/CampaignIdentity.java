package org.medrobust.suite.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import org.medrobust.datasets.util.Sha256;
import org.medrobust.reports.json.ResultJson;

/**
 * What a campaign's results are made from: the effective config, the software that computes them and the content of
 * every model and data set it reads. Its SHA-256 names the default results directory, and the journal is bound to
 * it: results are never resumed from, or mixed with, results of other content under the same paths.
 *
 * @param configSha256 SHA-256 of the canonical config (paths, not contents)
 * @param software     medrobust's version and build fingerprint, see {@code RunEnvironment.software()}
 * @param inputs       every model and data set, with the SHA-256 of its content
 */
public record CampaignIdentity(String configSha256, String software, List<Input> inputs) {

    /**
     * One model or data set as read.
     *
     * @param role   "model" or "data"
     * @param id     its id in results
     * @param source where it came from, as the user named it (a path, or builtin:...)
     * @param sha256 SHA-256 of its content (for a model file also what it was declared to take: see {@code spec})
     * @param spec   a model's resolved input spec (shape, value range, classes) in canonical text, else null: a sidecar
     *               edited between runs changes what the model is fed, so it changes the identity too
     */
    public record Input(String role, String id, String source, String sha256, String spec) {
    }

    public String sha256() {
        try {
            return Sha256.of(ResultJson.compact().writeValueAsString(this));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the campaign identity", e);
        }
    }

    /**
     * Why a journal made from {@code earlier} must not be resumed by this campaign, naming what changed, or null when
     * they are the same.
     */
    public String differenceFrom(CampaignIdentity earlier) {
        if (!software.equals(earlier.software)) {
            return "written by medrobust " + earlier.software + ", this is " + software
                    + "; results of different software versions are not mixed";
        }
        if (!configSha256.equals(earlier.configSha256)) {
            return "holds results of a different campaign (config SHA-256 " + earlier.configSha256 + ", this one is "
                    + configSha256 + ")";
        }
        for (Input now : inputs) {
            Input then = earlier.inputs.stream()
                    .filter(i -> i.role().equals(now.role()) && i.id().equals(now.id())).findFirst().orElse(null);
            if (then == null) {
                return "was written without " + now.role() + " " + now.id() + " (" + now.source() + ")";
            }
            if (!then.sha256().equals(now.sha256())) {
                return now.source() + " changed since these results were written (content SHA-256 now "
                        + abbreviate(now.sha256()) + ", then " + abbreviate(then.sha256()) + ")";
            }
            if (now.spec() != null && !now.spec().equals(then.spec())) {
                return now.source() + ": what the model is fed changed since these results were written (now "
                        + now.spec() + ", then " + then.spec() + "; check its sidecar)";
            }
        }
        if (earlier.inputs.size() != inputs.size()) {
            return "was written with other models or data (" + earlier.inputs.size() + " inputs, now " + inputs.size()
                    + ")";
        }
        return null;
    }

    private static String abbreviate(String sha256) {
        return sha256.length() > 12 ? sha256.substring(0, 12) + "..." : sha256;
    }
}
