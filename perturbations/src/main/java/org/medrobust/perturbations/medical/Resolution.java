package org.medrobust.perturbations.medical;

/**
 * How MedMNIST-C's parameters, designed for 224 x 224 images (MedMNIST+), are applied to an image of side n.
 *
 * <p>{@link #SCALED} (medrobust's default): every parameter measured in pixels is multiplied by {@code n / 224}
 * so that the corruption covers the same fraction of the anatomy at any resolution: blur radii and sigmas
 * (defocus, motion, Gaussian blur), the pixelation block size (a factor f becomes {@code min(1, 224 f / n)}),
 * bubble radii and positions. Parameters that are already relative (zoom factors, the black-corner multiplier)
 * or not spatial (noise levels, photon counts, brightness, contrast, gamma, saturation, JPEG quality: a sensor or
 * codec property per pixel) are kept. At 224 px this is exactly the published MedMNIST-C; at 28 px many blur and
 * pixelate levels fall below one pixel and become (nearly) identity, which is what a 224-px-scale defect does to
 * a 28 px image.
 *
 * <p>{@link #NATIVE}: the published values as they are, at any resolution: what the official code does when given
 * a 28 px image (the golden data's setting), much harsher than intended at 28 px (e.g. a 17-pixel motion blur
 * across a 28-pixel image).
 */
public enum Resolution {
    SCALED,
    NATIVE;

    /** The resolution MedMNIST-C's parameters were chosen for. */
    public static final int DESIGN_SIDE = 224;

    /** Pixels at this image side per pixel at the design side. */
    public double scale(int side) {
        return this == NATIVE ? 1.0 : side / (double) DESIGN_SIDE;
    }
}
