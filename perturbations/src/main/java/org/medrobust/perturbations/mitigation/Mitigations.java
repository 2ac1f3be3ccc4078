package org.medrobust.perturbations.mitigation;

import java.util.List;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.InvalidInputException;

/** The test-time mitigations a campaign can name, fitted on source images. */
public final class Mitigations {

    /** Every method, in the order {@code medrobust list} shows them. */
    public static final List<String> METHODS = List.of(HistogramMatching.ID, Rewindowing.ID, MacenkoNormalization.ID);

    private Mitigations() {
    }

    /** A one-line error unless {@code method} is known. */
    public static void requireKnown(String method, String where) {
        if (!METHODS.contains(method)) {
            throw new InvalidInputException(where + ": unknown mitigation '" + method + "': known are " + METHODS);
        }
    }

    /** {@code method} fitted on {@code reference} (at least one image). */
    public static Mitigation fit(String method, List<Image> reference) {
        requireKnown(method, "mitigation");
        if (reference.isEmpty()) {
            throw new InvalidInputException("mitigation " + method + " needs at least one source image to fit on");
        }
        return switch (method) {
            case HistogramMatching.ID -> HistogramMatching.fit(reference);
            case Rewindowing.ID -> Rewindowing.fit(reference);
            default -> MacenkoNormalization.fit(reference);
        };
    }
}
