package org.medrobust.suite.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medrobust.datasets.InvalidInputException;

/**
 * One threat to apply, at some or all of its severities.
 *
 * @param id         the threat's id (see {@code medrobust list}), e.g. gaussian_noise
 * @param severities severity levels to run; empty or absent means all
 * @param parameters settings that replace the threat's pinned defaults, e.g. an attack's {@code eps} ladder
 *                   ({@code eps: ["1/255", "2/255"]}: one severity per value) or its {@code steps}; absent means none
 */
public record ThreatSpec(String id, List<Integer> severities,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> parameters) {

    public ThreatSpec {
        if (id == null || id.isBlank()) {
            throw new InvalidInputException("a threat entry needs an 'id'");
        }
        severities = severities == null ? List.of() : List.copyOf(severities);
        parameters = parameters == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    public ThreatSpec(String id, List<Integer> severities) {
        this(id, severities, null);
    }
}
