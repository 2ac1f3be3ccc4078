package org.medrobust.perturbations.noise;

import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.Corruption;
import org.medrobust.perturbations.SeverityScale;

/**
 * Salt-and-pepper noise, as ImageNet-C's {@code impulse_noise} (make_cifar_c.py), which calls scikit-image
 * {@code random_noise(mode='s&p', amount=a)}: each value independently, with probability a, becomes 0 or 1 (half
 * each); a by severity 1..5 = .01, .02, .03, .05, .07 (CIFAR-10-C). Per channel.
 */
public final class ImpulseNoise extends Corruption {

    public static final String ID = "impulse_noise";

    public static final SeverityScale AMOUNTS = new SeverityScale(ID, 0.01, 0.02, 0.03, 0.05, 0.07);

    private final double amount;

    public ImpulseNoise(int severity) {
        this(ID, AMOUNTS, severity, "ImageNet-C impulse_noise (CIFAR-10-C table)");
    }

    public ImpulseNoise(String id, SeverityScale amounts, int severity, String source) {
        super(id, severity, source);
        this.amount = amounts.at(severity);
    }

    @Override
    protected void describe(SequencedMap<String, Object> parameters) {
        parameters.put("amount", amount);
        parameters.put("salt_vs_pepper", 0.5);
    }

    @Override
    public Image apply(Image image, RandomGenerator random) {
        return noisy(image, amount, random);
    }

    public static Image noisy(Image image, double amount, RandomGenerator random) {
        float[] out = image.pixels().clone();
        for (int i = 0; i < out.length; i++) {
            // skimage draws "flipped" and "salted" as two independent masks
            boolean flipped = random.nextDouble() < amount;
            boolean salted = random.nextDouble() < 0.5;
            if (flipped) {
                out[i] = salted ? 1f : 0f;
            }
        }
        return new Image(image.shape(), out);
    }
}
