package org.medrobust.perturbations.digital;

import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.Corruption;
import org.medrobust.perturbations.SeverityScale;
import org.medrobust.perturbations.ops.Planes;

/**
 * Contrast reduction, as ImageNet-C's {@code contrast} (make_cifar_c.py): per channel,
 * {@code clip((x - mean) c + mean)} with the channel's mean; c by severity 1..5 = .75, .5, .4, .3, .15
 * (CIFAR-10-C). Gray images: the one channel's mean. Deterministic.
 */
public final class Contrast extends Corruption {

    public static final String ID = "contrast";

    public static final SeverityScale FACTORS = new SeverityScale(ID, 0.75, 0.5, 0.4, 0.3, 0.15);

    private final double factor;

    public Contrast(int severity) {
        super(ID, severity, "ImageNet-C contrast (CIFAR-10-C table)");
        this.factor = FACTORS.at(severity);
    }

    @Override
    protected void describe(SequencedMap<String, Object> parameters) {
        parameters.put("factor", factor);
    }

    @Override
    public Image apply(Image image, RandomGenerator random) {
        return Planes.perPlane(image, p -> {
            double mean = 0;
            for (double v : p) {
                mean += v;
            }
            mean /= p.length;
            double[] out = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                out[i] = (p[i] - mean) * factor + mean;
            }
            return out;
        });
    }
}
