package org.medrobust.perturbations.site;

import org.medrobust.datasets.InvalidInputException;

/**
 * A site's grey-level mapping (its post-processing and display chain), applied per value:
 * {@code w = clip((x - (level - window/2)) / window, 0, 1)} (window/level, as a DICOM VOI LUT's linear function on
 * [0, 1] data), then {@code w^gamma}, then {@code gain * w^gamma + offset}. The identity is window 1, level 0.5,
 * gamma 1, gain 1, offset 0. Directions: a larger gain or offset raises the mean; gamma above 1 darkens mid-tones
 * (mean falls); a narrower window raises contrast; a higher level darkens.
 */
public record IntensityTransfer(double gamma, double window, double level, double gain, double offset) {

    public static final IntensityTransfer IDENTITY = new IntensityTransfer(1, 1, 0.5, 1, 0);

    public IntensityTransfer {
        positive("gamma", gamma);
        positive("window", window);
        finite("level", level);
        positive("gain", gain);
        finite("offset", offset);
    }

    public boolean isIdentity() {
        return equals(IDENTITY);
    }

    /** The mapped value (not yet clipped to [0, 1]: gain and offset may leave it). */
    public double apply(double x) {
        double windowed = Math.clamp((x - (level - window / 2)) / window, 0.0, 1.0);
        double curved = gamma == 1 ? windowed : StrictMath.pow(windowed, gamma);
        return gain * curved + offset;
    }

    private static void positive(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new InvalidInputException("intensity " + name + " must be a positive number, got " + value);
        }
    }

    private static void finite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new InvalidInputException("intensity " + name + " must be a finite number, got " + value);
        }
    }
}
