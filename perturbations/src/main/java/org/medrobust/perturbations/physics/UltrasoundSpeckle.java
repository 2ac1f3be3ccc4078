package org.medrobust.perturbations.physics;

import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageShape;
import org.medrobust.perturbations.SeverityScale;

/**
 * Ultrasound speckle: multiplicative noise on the echo envelope from the interference of many sub-resolution
 * scatterers (Goodman 1976; Wagner et al. 1983, "Statistics of speckle in ultrasound B-scans"). Fully developed
 * speckle has a Rayleigh amplitude; averaging L independent looks (compounding) gives an intensity multiplier
 * {@code G ~ Gamma(L, 1/L)} (mean 1, variance 1/L) and an amplitude multiplier {@code A = sqrt(G)}, Nakagami with
 * m = L and {@code E[A^2] = 1} (Rayleigh at L = 1). The image is {@code y = clip(x * A, 0, 1)}; G is drawn exactly
 * as a mean of L unit exponentials, {@code -(1/L) sum ln U}.
 *
 * <p>Severity ladder: looks L = 16, 8, 4, 2, 1 (heavy compounding to a single look, fully developed speckle). Neither
 * TorchIO nor MONAI defines speckle; the model is the textbook one. The multiplier is drawn per pixel, one resolution
 * cell per pixel (right for 28 px images; at 224 px real speckle grains span several pixels, not modelled), and RGB
 * channels share it (one envelope).
 */
public final class UltrasoundSpeckle extends PhysicsCorruption {

    public static final String ID = "ultrasound_speckle";

    public static final SeverityScale LOOKS = new SeverityScale(ID, 16, 8, 4, 2, 1);

    private final int looks;

    public UltrasoundSpeckle(int severity) {
        super(ID, severity, "Goodman 1976 / Wagner et al. 1983 speckle statistics");
        this.looks = (int) LOOKS.at(severity);
    }

    public int looks() {
        return looks;
    }

    @Override
    void describeStrength(SequencedMap<String, Object> parameters) {
        parameters.put("looks", looks);
        parameters.put("amplitude", "Nakagami m = looks, E[A^2] = 1");
    }

    @Override
    public Image apply(Image image, RandomGenerator random) {
        return add(image, looks, random);
    }

    /** Speckle of any number of looks >= 1 (site profiles use this), clipped to [0, 1]. */
    public static Image add(Image image, int looks, RandomGenerator random) {
        ImageShape shape = image.shape();
        int plane = shape.height() * shape.width();
        float[] in = image.pixels();
        float[] out = new float[in.length];
        for (int i = 0; i < plane; i++) {
            double intensity = 0;
            for (int l = 0; l < looks; l++) {
                intensity -= StrictMath.log(1 - random.nextDouble()); // 1 - U is in (0, 1]: no log(0)
            }
            double amplitude = Math.sqrt(intensity / looks);
            for (int c = 0; c < shape.channels(); c++) {
                out[c * plane + i] = Channels.clip(in[c * plane + i] * amplitude);
            }
        }
        return new Image(shape, out);
    }
}
