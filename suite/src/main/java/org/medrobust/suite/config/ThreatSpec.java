package org.medrobust.suite.config;

import java.util.List;
import org.medrobust.datasets.InvalidInputException;

/**
 * One threat to apply, at some or all of its severities.
 *
 * @param id         the threat's id (see {@code medrobust list}), e.g. gaussian_noise
 * @param severities severity levels to run; empty or absent means all
 */
public record ThreatSpec(String id, List<Integer> severities) {

    public ThreatSpec {
        if (id == null || id.isBlank()) {
            throw new InvalidInputException("a threat entry needs an 'id'");
        }
        severities = severities == null ? List.of() : List.copyOf(severities);
    }
}
