package org.medrobust.perturbations.digital;

import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.Corruption;
import org.medrobust.perturbations.SeverityScale;
import org.medrobust.perturbations.ops.Jpeg;

/**
 * JPEG compression, as ImageNet-C's {@code jpeg_compression} (make_cifar_c.py: Pillow save with
 * {@code quality=q}, then decode), here through javax.imageio ({@link Jpeg}: same IJG quality scaling of the
 * standard tables, another encoder, so equal in effect but not bit-exact); q by severity 1..5 = 80, 65, 58, 50, 40
 * (CIFAR-10-C). Gray images are coded as one component (the reference codes R = G = B with flat chroma). Also
 * MedMNIST-C's {@code jpeg_compression}. Deterministic.
 */
public final class JpegCompression extends Corruption {

    public static final String ID = "jpeg_compression";

    public static final SeverityScale QUALITIES = new SeverityScale(ID, 80, 65, 58, 50, 40);

    private final int quality;

    public JpegCompression(int severity) {
        this(ID, QUALITIES, severity, "ImageNet-C jpeg_compression (CIFAR-10-C table)");
    }

    public JpegCompression(String id, SeverityScale qualities, int severity, String source) {
        super(id, severity, source);
        this.quality = (int) qualities.at(severity);
    }

    @Override
    protected void describe(SequencedMap<String, Object> parameters) {
        parameters.put("quality", quality);
        parameters.put("codec", "javax.imageio JPEG (IJG tables)");
    }

    @Override
    public Image apply(Image image, RandomGenerator random) {
        return Jpeg.roundTrip(image, quality);
    }
}
