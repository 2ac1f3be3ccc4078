package org.medrobust.perturbations.noise;

import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.Corruption;
import org.medrobust.perturbations.SeverityScale;

/**
 * Additive white Gaussian noise, as ImageNet-C's {@code gaussian_noise} (Hendrycks and Dietterich, ICLR 2019;
 * hendrycks/robustness, ImageNet-C/create_c/make_cifar_c.py): {@code clip(x + N(0, sigma^2), 0, 1)}
 * independently per value (per channel: a gray image gets one noise draw per pixel, not three averaged), with the
 * CIFAR-10-C sigmas by severity 1..5 = .04, .06, .08, .09, .10.
 */
public final class GaussianNoise extends Corruption {

    public static final String ID = "gaussian_noise";

    /** The CIFAR-10-C sigmas (make_cifar_c.py, gaussian_noise), the small-image table medrobust uses. */
    public static final SeverityScale SIGMAS = new SeverityScale(ID, 0.04, 0.06, 0.08, 0.09, 0.10);

    /** ImageNet-C's 224 px sigmas (imagenet_c/corruptions.py), for reference; not used by the catalogue. */
    public static final SeverityScale IMAGENET_SIGMAS = new SeverityScale(ID, 0.08, 0.12, 0.18, 0.26, 0.38);

    private final double sigma;

    public GaussianNoise(int severity) {
        this(ID, SIGMAS, severity, "ImageNet-C gaussian_noise (CIFAR-10-C table)");
    }

    /** The same operator with another published table (e.g. MedMNIST-C's per-data-set sigmas). */
    public GaussianNoise(String id, SeverityScale sigmas, int severity, String source) {
        super(id, severity, source);
        this.sigma = sigmas.at(severity);
    }

    public double sigma() {
        return sigma;
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
            out[i] = (float) Math.clamp(in[i] + sigma * random.nextGaussian(), 0.0, 1.0);
        }
        return new Image(image.shape(), out);
    }
}
