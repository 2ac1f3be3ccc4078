package org.medrobust.perturbations.digital;

import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.Corruption;
import org.medrobust.perturbations.SeverityScale;
import org.medrobust.perturbations.ops.Planes;
import org.medrobust.perturbations.ops.Resample;

/**
 * Pixelation, as ImageNet-C's {@code pixelate} (make_cifar_c.py): Pillow BOX resize to
 * {@code int(side * c)} and back ({@link Resample#boxResize8}, bit-exact on 8-bit values; a float image is
 * rounded to 8 bits first, as saving it would); c by severity 1..5 = .95, .9, .85, .75, .65 (CIFAR-10-C). Also
 * MedMNIST-C's {@code pixelate}. Deterministic.
 */
public final class Pixelate extends Corruption {

    public static final String ID = "pixelate";

    public static final SeverityScale FACTORS = new SeverityScale(ID, 0.95, 0.9, 0.85, 0.75, 0.65);

    private final double factor;

    public Pixelate(int severity) {
        this(ID, FACTORS, severity, "ImageNet-C pixelate (CIFAR-10-C table)");
    }

    public Pixelate(String id, SeverityScale factors, int severity, String source) {
        super(id, severity, source);
        this.factor = factors.at(severity);
    }

    @Override
    protected void describe(SequencedMap<String, Object> parameters) {
        parameters.put("resize_factor", factor);
        parameters.put("resample", "PIL BOX, 8-bit");
    }

    @Override
    public Image apply(Image image, RandomGenerator random) {
        return pixelate(image, factor);
    }

    public static Image pixelate(Image image, double factor) {
        int h = image.shape().height();
        int w = image.shape().width();
        int sh = Math.max(1, (int) (h * factor));
        int sw = Math.max(1, (int) (w * factor));
        int[][] bytes = Planes.toBytes(image);
        for (int c = 0; c < bytes.length; c++) {
            bytes[c] = Resample.boxResize8(Resample.boxResize8(bytes[c], h, w, sh, sw), sh, sw, h, w);
        }
        return Planes.fromBytes(image.shape(), bytes);
    }
}
