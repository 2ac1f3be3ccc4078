package org.medrobust.suite.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.perturbations.site.SiteProfileFile;

/**
 * A threat named in a campaign config. Optional settings are left out of the config hash when absent, so older
 * configs keep their identity.
 *
 * @param id         the threat's id (see {@code medrobust list}), e.g. gaussian_noise
 * @param severities severity levels to run; empty or absent means all
 * @param parameters settings that replace the threat's pinned defaults, e.g. an attack's {@code eps} ladder
 *                   ({@code eps: ["1/255", "2/255"]}: one severity per value) or its {@code steps}; absent means none
 * @param trials     fault models only: seeded trials per severity (absent: the catalogue's default)
 * @param limit      evaluate this threat on the first {@code limit} samples of each data set only (absent: all), so
 *                   that expensive threats (attacks, fault trials) can run on a subset beside cheap ones
 * @param profile    a site-profile YAML (e.g. from {@code medrobust site fit}), relative to the config's folder, that
 *                   defines the site {@code id} = {@code site_<name>} names; absent for catalogue threats
 * @param mitigations test-time mitigations (histogram_matching, rewindow, macenko): besides the threat itself, one
 *                   scenario per method, the threat's images corrected before the model, fitted on the clean images
 * @param reference  where {@code mitigations} are fitted: the source site's images, never evaluated (required with
 *                   mitigations)
 * @param profileFile that file as read ({@link ConfigLoader#load} binds it; never read from or written to YAML)
 */
public record ThreatSpec(String id, List<Integer> severities,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> parameters,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer trials,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer limit,
        @JsonInclude(JsonInclude.Include.NON_NULL) String profile,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> mitigations,
        @JsonInclude(JsonInclude.Include.NON_NULL) ReferenceSpec reference,
        @JsonIgnore SiteProfileFile profileFile) {

    public ThreatSpec {
        if (id == null || id.isBlank()) {
            throw new InvalidInputException("a threat entry needs an 'id'");
        }
        severities = severities == null ? List.of() : List.copyOf(severities);
        parameters = parameters == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        if (trials != null && trials < 1) {
            throw new InvalidInputException("threat '" + id + "': trials must be at least 1, got " + trials);
        }
        if (limit != null && limit < 1) {
            throw new InvalidInputException("threat '" + id + "': limit must be at least 1, got " + limit);
        }
        mitigations = mitigations == null ? List.of() : List.copyOf(mitigations);
        if (mitigations.stream().distinct().count() != mitigations.size()) {
            throw new InvalidInputException("threat '" + id + "': a mitigation is listed twice in " + mitigations);
        }
        if (!mitigations.isEmpty() && reference == null) {
            throw new InvalidInputException("threat '" + id + "': mitigations need a 'reference' to be fitted on: the"
                    + " source site's images, which the campaign does not evaluate (e.g. {source: builtin:xray_sites,"
                    + " split: val, site: source})");
        }
        if (reference != null && mitigations.isEmpty()) {
            throw new InvalidInputException("threat '" + id + "': 'reference' is for fitting 'mitigations', and it has"
                    + " none");
        }
        if (profile != null && profile.isBlank()) {
            throw new InvalidInputException("threat '" + id + "': 'profile' is empty; name a site-profile YAML file");
        }
    }

    /** This entry with its {@code profile} file read (see {@link SiteProfileFile#load}). */
    public ThreatSpec withProfileFile(SiteProfileFile file) {
        return new ThreatSpec(id, severities, parameters, trials, limit, profile, mitigations, reference, file);
    }

    public ThreatSpec(String id, List<Integer> severities, Map<String, Object> parameters, Integer trials,
            Integer limit) {
        this(id, severities, parameters, trials, limit, null, null, null, null);
    }

    public ThreatSpec(String id, List<Integer> severities) {
        this(id, severities, null, null, null);
    }

    public ThreatSpec(String id, List<Integer> severities, Map<String, Object> parameters) {
        this(id, severities, parameters, null, null);
    }

    public ThreatSpec(String id, List<Integer> severities, Integer trials) {
        this(id, severities, null, trials, null);
    }
}
