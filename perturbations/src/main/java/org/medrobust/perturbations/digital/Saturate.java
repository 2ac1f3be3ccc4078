package org.medrobust.perturbations.digital;

import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.Corruption;
import org.medrobust.perturbations.SeverityTable;
import org.medrobust.perturbations.ops.Hsv;
import org.medrobust.perturbations.ops.Planes;

/**
 * Saturation change, as ImageNet-C's {@code saturate} (make_cifar_c.py): in scikit-image HSV,
 * {@code S = clip(S * scale + shift)}; (scale, shift) by severity 1..5 = (.3, 0), (.1, 0), (1.5, 0), (2, .1),
 * (2.5, .2) (CIFAR-10-C). A gray image has S = 0 and hue 0, so severities 1-3 leave it unchanged and 4-5 tint it
 * red; medrobust returns the BT.601 luma of that tint ({@link Planes#viaRgb}), which darkens it by
 * {@code 1 - 0.701 shift}. Also MedMNIST-C's {@code saturate} (scale 1, additive shift). Deterministic.
 */
public final class Saturate extends Corruption {

    public static final String ID = "saturate";

    public record Params(double scale, double shift) {
    }

    public static final SeverityTable<Params> TABLE = SeverityTable.of(ID, new Params(0.3, 0), new Params(0.1, 0),
            new Params(1.5, 0), new Params(2, 0.1), new Params(2.5, 0.2));

    private final Params params;

    public Saturate(int severity) {
        this(ID, TABLE, severity, "ImageNet-C saturate (CIFAR-10-C table)");
    }

    public Saturate(String id, SeverityTable<Params> table, int severity, String source) {
        super(id, severity, source);
        this.params = table.at(severity);
    }

    @Override
    protected void describe(SequencedMap<String, Object> parameters) {
        parameters.put("saturation_scale", params.scale());
        parameters.put("saturation_shift", params.shift());
    }

    @Override
    public Image apply(Image image, RandomGenerator random) {
        return saturate(image, params.scale(), params.shift());
    }

    public static Image saturate(Image image, double scale, double shift) {
        return Planes.viaRgb(image, rgb -> Hsv.mapComponent(rgb, 1, s -> s * scale + shift));
    }
}
