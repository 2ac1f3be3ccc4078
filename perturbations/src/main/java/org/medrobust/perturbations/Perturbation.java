package org.medrobust.perturbations;

import java.util.Map;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.threat.Threat;
import org.medrobust.datasets.threat.ThreatFamily;

/**
 * A corruption of one image at one severity (sensor noise, blur, acquisition artifacts, ...). Pure: the result
 * depends only on the image, the parameters and the random generator, which the campaign seeds per sample.
 */
public interface Perturbation extends Threat {

    /** A new image; the input is left untouched. Values stay in [0, 1]. */
    Image apply(Image image, RandomGenerator random);

    /**
     * The corrupted image with the parameters this call sampled (TorchIO's convention: any output can be reproduced
     * and explained), e.g. a random crop's offset or a drawn blur angle. Corruptions whose only randomness is
     * per-pixel noise record nothing and keep this default; those that sample parameters override it, and then
     * {@link #apply} returns {@code applyRecorded(image, random).image()}.
     */
    default Perturbed applyRecorded(Image image, RandomGenerator random) {
        return new Perturbed(apply(image, random), Map.of());
    }

    /** A corrupted image and the parameters sampled for it (JSON-friendly values, stable key order). */
    record Perturbed(Image image, Map<String, Object> sampled) {
    }

    @Override
    default ThreatFamily family() {
        return ThreatFamily.PERTURBATION;
    }
}
