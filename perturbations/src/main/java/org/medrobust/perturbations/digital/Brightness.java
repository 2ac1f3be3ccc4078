package org.medrobust.perturbations.digital;

import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.Corruption;
import org.medrobust.perturbations.SeverityScale;
import org.medrobust.perturbations.ops.Hsv;
import org.medrobust.perturbations.ops.Planes;

/**
 * Brightness, as ImageNet-C's {@code brightness} (make_cifar_c.py): in scikit-image HSV, {@code V = clip(V + c)};
 * c by severity 1..5 = .05, .1, .15, .2, .3 (CIFAR-10-C). On a gray image (R = G = B, via {@link Planes#viaRgb})
 * this is exactly {@code clip(x + c, 0, 1)}. Deterministic.
 */
public final class Brightness extends Corruption {

    public static final String ID = "brightness";

    public static final SeverityScale SHIFTS = new SeverityScale(ID, 0.05, 0.1, 0.15, 0.2, 0.3);

    private final double shift;

    public Brightness(int severity) {
        super(ID, severity, "ImageNet-C brightness (CIFAR-10-C table)");
        this.shift = SHIFTS.at(severity);
    }

    @Override
    protected void describe(SequencedMap<String, Object> parameters) {
        parameters.put("value_shift", shift);
    }

    @Override
    public Image apply(Image image, RandomGenerator random) {
        return Planes.viaRgb(image, rgb -> Hsv.mapComponent(rgb, 2, v -> v + shift));
    }
}
