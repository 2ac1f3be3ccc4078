package org.medrobust.perturbations.noise;

import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.Corruption;
import org.medrobust.perturbations.SeverityScale;

/**
 * Multiplicative (speckle) noise, as ImageNet-C's {@code speckle_noise} (make_cifar_c.py):
 * {@code clip(x + x N(0, sigma^2), 0, 1)} per value, sigma by severity 1..5 = .06, .1, .12, .16, .2 (CIFAR-10-C).
 */
public final class SpeckleNoise extends Corruption {

    public static final String ID = "speckle_noise";

    public static final SeverityScale SIGMAS = new SeverityScale(ID, 0.06, 0.1, 0.12, 0.16, 0.2);

    private final double sigma;

    public SpeckleNoise(int severity) {
        this(ID, SIGMAS, severity, "ImageNet-C speckle_noise (CIFAR-10-C table)");
    }

    public SpeckleNoise(String id, SeverityScale sigmas, int severity, String source) {
        super(id, severity, source);
        this.sigma = sigmas.at(severity);
    }

    @Override
    protected void describe(SequencedMap<String, Object> parameters) {
        parameters.put("sigma", sigma);
        parameters.put("clip", "[0, 1]");
    }

    @Override
    public Image apply(Image image, RandomGenerator random) {
        return noisy(image, sigma, random);
    }

    public static Image noisy(Image image, double sigma, RandomGenerator random) {
        float[] in = image.pixels();
        float[] out = new float[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = (float) Math.clamp(in[i] + in[i] * sigma * random.nextGaussian(), 0.0, 1.0);
        }
        return new Image(image.shape(), out);
    }
}
