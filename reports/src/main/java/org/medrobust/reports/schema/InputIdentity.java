package org.medrobust.reports.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Identifies something a campaign read: a model or a data set, by SHA-256.
 *
 * @param id       name used in scenario results
 * @param kind     e.g. "onnx", "djl-cnn", "npz", "phantom"
 * @param source   where it came from (a file path as given, or "builtin:...")
 * @param sha256   digest of the file or, for generated things, of their defining parameters
 * @param classes  class names (data sets, built-in models), or null
 * @param input    what a model was fed and where each part came from; null for data sets
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InputIdentity(String id, String kind, String source, String sha256, List<String> classes,
                            ModelInput input) {

    /** An identity without an input spec: a data set. */
    public InputIdentity(String id, String kind, String source, String sha256, List<String> classes) {
        this(id, kind, source, sha256, classes, null);
    }
}
