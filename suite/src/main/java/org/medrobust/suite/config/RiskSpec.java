package org.medrobust.suite.config;

import java.util.List;
import org.medrobust.datasets.InvalidInputException;

/**
 * A risk item of the device's risk analysis (ISO 14971 style) that the campaign provides evidence for. The dossier's
 * traceability matrix follows it to the scenarios of its threats, their results and the gates checked on them.
 *
 * @param id          the risk file's identifier, e.g. "R-07"
 * @param description the hazardous situation in words, e.g. "missed pneumonia on a noisy portable X-ray"
 * @param threats     the campaign's threat ids that simulate it ("clean" for the baseline)
 */
public record RiskSpec(String id, String description, List<String> threats) {

    public RiskSpec {
        if (id == null || id.isBlank()) {
            throw new InvalidInputException("a risk entry needs an 'id'");
        }
        if (threats == null || threats.isEmpty()) {
            throw new InvalidInputException("risk '" + id + "': name the threats that simulate it ('threats: [...]')");
        }
        threats = List.copyOf(threats);
    }
}
