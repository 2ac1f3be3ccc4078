package org.medrobust.suite.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.threat.Threat;
import org.medrobust.perturbations.Perturbation;
import org.medrobust.perturbations.mitigation.Mitigation;
import org.medrobust.perturbations.mitigation.MitigatedShift;
import org.medrobust.perturbations.mitigation.Mitigations;
import org.medrobust.suite.config.ThreatSpec;
import org.medrobust.suite.inputs.LoadedData;

/**
 * A threat entry's {@code mitigations}: after each of its threats, one {@link MitigatedShift} per method; and, per
 * data set, each mitigation fitted on that data's clean images (the first {@link #REFERENCE_IMAGES} of the samples
 * the scenario evaluates): they stand in for the source site the model was validated on.
 */
final class MitigationThreats {

    /** At most this many clean images to fit a mitigation on. */
    static final int REFERENCE_IMAGES = 512;

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

    /** {@code threat} with its mitigation fitted on {@code data}, or the threat itself when it has none. */
    Threat bind(Threat threat, LoadedData data, Integer limit) {
        if (!(threat instanceof MitigatedShift mitigated)) {
            return threat;
        }
        int n = Math.min(REFERENCE_IMAGES, limit == null ? data.size() : Math.min(limit, data.size()));
        String key = data.key() + "|" + mitigated.method() + "|" + n;
        Mitigation fit = fits.computeIfAbsent(key, k -> Mitigations.fit(mitigated.method(), images(data, n)));
        return mitigated.fittedWith(fit);
    }

    private static List<Image> images(LoadedData data, int n) {
        ImageBatch batch = data.dataset().batch(0, n);
        List<Image> images = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            images.add(batch.image(i));
        }
        return images;
    }
}
