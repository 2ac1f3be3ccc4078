package org.medrobust.perturbations.physics;

import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.SeverityScale;

/**
 * Rician noise, the noise of an MRI magnitude image (Gudbjartsson and Patz 1995, "The Rician distribution of noisy
 * MRI data"): the complex signal gets independent Gaussian noise in its real and imaginary parts and the scanner
 * keeps the magnitude, {@code y = sqrt((x + n1)^2 + n2^2)} with {@code n1, n2 ~ N(0, sigma^2)}. This is MONAI's
 * {@code RandRicianNoise} ({@code monai/transforms/intensity/array.py}, {@code _add_noise}) with mean 0, absolute
 * (not relative) sigma and {@code sample_std=False}, then clipped to [0, 1]. Where x = 0 the output is
 * Rayleigh-distributed with mean {@code sigma sqrt(pi/2)}: the noise floor that lifts dark background.
 *
 * <p>Severity ladder: sigma = .03, .06, .10, .15, .22, inside TorchIO's {@code RandomNoise} default std range
 * (0, 0.25) for intensities normalised to [0, 1] (MONAI's default std 1.0 assumes unnormalised intensities).
 * Channels (RGB) get independent noise.
 */
public final class RicianNoise extends PhysicsCorruption {

    public static final String ID = "rician_noise";

    public static final SeverityScale SIGMAS = new SeverityScale(ID, 0.03, 0.06, 0.10, 0.15, 0.22);

    private final double sigma;

    public RicianNoise(int severity) {
        super(ID, severity, "MONAI RandRicianNoise (mean 0, absolute std, sample_std=False)");
        this.sigma = SIGMAS.at(severity);
    }

    public double sigma() {
        return sigma;
    }

    @Override
    void describeStrength(SequencedMap<String, Object> parameters) {
        parameters.put("sigma", sigma);
    }

    @Override
    public Image apply(Image image, RandomGenerator random) {
        return add(image, sigma, random);
    }

    /** Rician noise of any sigma (site profiles use this), clipped to [0, 1]. */
    public static Image add(Image image, double sigma, RandomGenerator random) {
        float[] in = image.pixels();
        float[] out = new float[in.length];
        for (int i = 0; i < in.length; i++) {
            double real = in[i] + sigma * random.nextGaussian();
            double imaginary = sigma * random.nextGaussian();
            out[i] = Channels.clip(Math.sqrt(real * real + imaginary * imaginary));
        }
        return new Image(image.shape(), out);
    }
}
