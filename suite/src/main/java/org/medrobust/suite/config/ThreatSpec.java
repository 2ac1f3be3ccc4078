package org.medrobust.suite.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.medrobust.datasets.InvalidInputException;

/**
 * One threat to apply, at some or all of its severities.
 *
 * @param id         the threat's id (see {@code medrobust list}), e.g. gaussian_noise
 * @param severities severity levels to run; empty or absent means all
 * @param trials     fault models only: seeded trials per severity (absent: the catalogue's default)
 */
public record ThreatSpec(String id, List<Integer> severities,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer trials) {

    public ThreatSpec {
        if (id == null || id.isBlank()) {
            throw new InvalidInputException("a threat entry needs an 'id'");
        }
        severities = severities == null ? List.of() : List.copyOf(severities);
        if (trials != null && trials < 1) {
            throw new InvalidInputException("threat '" + id + "': trials must be at least 1, got " + trials);
        }
    }

    public ThreatSpec(String id, List<Integer> severities) {
        this(id, severities, null);
    }
}
