package org.medrobust.suite.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.threat.Threat;
import org.medrobust.perturbations.Perturbation;
import org.medrobust.perturbations.mitigation.Mitigation;
import org.medrobust.perturbations.mitigation.MitigatedShift;
import org.medrobust.perturbations.mitigation.Mitigations;
import org.medrobust.suite.config.ThreatSpec;

/**
 * A threat entry's {@code mitigations}: after each of its threats, one {@link MitigatedShift} per method; and each
 * mitigation fitted on the entry's {@code reference} ({@link MitigationReference}: source-site images the campaign
 * does not evaluate), once per entry and method. The reference is recorded in the scenario's parameters
 * ({@code mitigation.reference}, {@code mitigation.referenceImagesSha256}).
 */
final class MitigationThreats {

    private final Map<String, Mitigation> fits = new HashMap<>();

    static List<Threat> expand(ThreatSpec spec, List<Threat> threats) {
        if (spec.mitigations().isEmpty()) {
            return threats;
        }
        List<Threat> expanded = new ArrayList<>();
        for (Threat threat : threats) {
            if (!(threat instanceof Perturbation perturbation)) {
                throw new InvalidInputException("threat '" + spec.id() + "': 'mitigations' apply to corruptions and"
                        + " site shifts (image changes before the model), not to " + threat.family());
            }
            expanded.add(threat);
            spec.mitigations().forEach(method -> expanded.add(new MitigatedShift(perturbation, method)));
        }
        return expanded;
    }

    /** {@code threat} with its mitigation fitted on {@code reference}, or the threat itself when it has none. */
    Threat bind(Threat threat, MitigationReference reference) {
        if (!(threat instanceof MitigatedShift mitigated)) {
            return threat;
        }
        if (reference == null) {
            throw new IllegalStateException(threat.id() + ": planned without its mitigation reference");
        }
        String key = reference.threat() + "|" + mitigated.method();
        Mitigation fit = fits.computeIfAbsent(key, k -> Mitigations.fit(mitigated.method(), reference.images()));
        SequencedMap<String, Object> source = new LinkedHashMap<>();
        source.put("reference", reference.spec().describe());
        source.put("referenceImagesSha256", reference.sha256());
        return mitigated.fittedWith(fit, source);
    }
}
