package org.medrobust.perturbations.noise;

import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.Corruption;
import org.medrobust.perturbations.SeverityScale;
import org.medrobust.perturbations.ops.Poisson;

/**
 * Photon (shot) noise, as ImageNet-C's {@code shot_noise} (make_cifar_c.py): {@code clip(Poisson(x c) / c, 0, 1)}
 * per value, c = photons at full scale by severity 1..5 = 500, 250, 100, 75, 50 (CIFAR-10-C). Per channel.
 */
public final class ShotNoise extends Corruption {

    public static final String ID = "shot_noise";

    public static final SeverityScale PHOTONS = new SeverityScale(ID, 500, 250, 100, 75, 50);

    private final double photons;

    public ShotNoise(int severity) {
        this(ID, PHOTONS, severity, "ImageNet-C shot_noise (CIFAR-10-C table)");
    }

    public ShotNoise(String id, SeverityScale photons, int severity, String source) {
        super(id, severity, source);
        this.photons = photons.at(severity);
    }

    @Override
    protected void describe(SequencedMap<String, Object> parameters) {
        parameters.put("photons", photons);
        parameters.put("clip", "[0, 1]");
    }

    @Override
    public Image apply(Image image, RandomGenerator random) {
        return noisy(image, photons, random);
    }

    public static Image noisy(Image image, double photons, RandomGenerator random) {
        float[] in = image.pixels();
        float[] out = new float[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = (float) Math.clamp(Poisson.sample(in[i] * photons, random) / photons, 0.0, 1.0);
        }
        return new Image(image.shape(), out);
    }
}
