package org.medrobust.perturbations.noise;

import java.util.LinkedHashMap;
import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.Perturbation;
import org.medrobust.perturbations.SeverityScale;

/**
 * Additive white Gaussian noise, as ImageNet-C's {@code gaussian_noise} (Hendrycks and Dietterich, 2019):
 * {@code clip(x + N(0, sigma^2), 0, 1)} independently per value, with sigma by severity 1..5 = .08, .12, .18, .26, .38.
 */
public final class GaussianNoise implements Perturbation {

    public static final String ID = "gaussian_noise";

    /** ImageNet-C's published sigmas (imagenet_c/corruptions.py, gaussian_noise). */
    public static final SeverityScale SIGMAS = new SeverityScale(ID, 0.08, 0.12, 0.18, 0.26, 0.38);

    private final int severity;
    private final double sigma;

    public GaussianNoise(int severity) {
        this.severity = severity;
        this.sigma = SIGMAS.at(severity);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int severity() {
        return severity;
    }

    public double sigma() {
        return sigma;
    }

    @Override
    public SequencedMap<String, Object> parameters() {
        SequencedMap<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("sigma", sigma);
        parameters.put("clip", "[0, 1]");
        parameters.put("source", "ImageNet-C gaussian_noise");
        return parameters;
    }

    @Override
    public Image apply(Image image, RandomGenerator random) {
        float[] in = image.pixels();
        float[] out = new float[in.length];
        for (int i = 0; i < in.length; i++) {
            double noisy = in[i] + sigma * random.nextGaussian();
            out[i] = (float) Math.clamp(noisy, 0.0, 1.0);
        }
        return new Image(image.shape(), out);
    }
}
