package org.medrobust.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.medrobust.datasets.util.Sha256;
import org.medrobust.reports.json.ResultJson;
import org.medrobust.suite.config.CampaignConfig;
import org.medrobust.suite.config.ConfigLoader;

/**
 * What every executor needs to load the campaign once, broadcast by the driver: the effective config (canonical
 * JSON), the input files' bytes, and what the driver found, so an executor that loads something else fails loudly
 * instead of computing results of other inputs.
 *
 * @param configJson   the config as report.json records it
 * @param inputSha256  per model id and per data key ("name/split"), the content SHA-256 the driver loaded
 * @param plan         the planned scenario ids, in order
 * @param version      medrobust's version (the jars' fingerprint differs between a launcher install and an assembly)
 */
record CampaignPayload(String configJson, ShippedInputs inputs, Map<String, String> inputSha256, List<String> plan,
        String version) implements Serializable {

    /** Names this campaign among others an executor JVM may have loaded. */
    String key() {
        return Sha256.of(configJson + "\n" + inputSha256 + "\n" + plan);
    }

    CampaignConfig config() {
        try {
            return ResultJson.compact().readValue(configJson, CampaignConfig.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the broadcast config does not parse: " + e.getOriginalMessage(), e);
        }
    }

    static String json(CampaignConfig config) {
        try {
            return ResultJson.compact().writeValueAsString(ConfigLoader.toMap(config));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the config", e);
        }
    }
}
