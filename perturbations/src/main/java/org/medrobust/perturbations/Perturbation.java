package org.medrobust.perturbations;

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

    @Override
    default ThreatFamily family() {
        return ThreatFamily.PERTURBATION;
    }
}
