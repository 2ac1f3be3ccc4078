package org.medrobust.perturbations.mitigation;

import java.util.SequencedMap;
import org.medrobust.datasets.Image;

/**
 * A test-time correction applied to an image before the model sees it, fitted beforehand on images of the source
 * site: it separates shift a deployment could undo (intensity mapping, stain colour) from shift it cannot (noise,
 * lost resolution). Pure: the result depends only on the image and what was fitted.
 */
public interface Mitigation {

    /** Lower snake case, e.g. {@code histogram_matching}. */
    String id();

    /** What was fitted, JSON-friendly and in a stable order, so results record exactly what was applied. */
    SequencedMap<String, Object> parameters();

    /** The corrected image, values in [0, 1]; the input is left untouched. */
    Image apply(Image image);
}
