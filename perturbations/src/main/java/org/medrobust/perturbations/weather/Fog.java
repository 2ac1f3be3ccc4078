package org.medrobust.perturbations.weather;

import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.Corruption;
import org.medrobust.perturbations.SeverityTable;
import org.medrobust.perturbations.ops.Planes;
import org.medrobust.perturbations.ops.Plasma;

/**
 * Fog, as ImageNet-C's {@code fog} (make_cifar_c.py): {@code clip((x + t F) m / (m + t))} with F a
 * {@link Plasma} fractal (side the next power of two, 32 at 28 px, cropped to the image) with wibble decay d, and
 * m the image's maximum over all channels; (t, d) by severity 1..5 = (.2, 3), (.5, 3), (.75, 2.5), (1, 2),
 * (1.5, 1.75) (CIFAR-10-C). One fog for all channels; the fractal is per-pixel noise, not recorded.
 */
public final class Fog extends Corruption {

    public static final String ID = "fog";

    public record Params(double thickness, double wibbleDecay) {
    }

    public static final SeverityTable<Params> TABLE = SeverityTable.of(ID, new Params(0.2, 3), new Params(0.5, 3),
            new Params(0.75, 2.5), new Params(1, 2), new Params(1.5, 1.75));

    private final Params params;

    public Fog(int severity) {
        super(ID, severity, "ImageNet-C fog (CIFAR-10-C table)");
        this.params = TABLE.at(severity);
    }

    @Override
    protected void describe(SequencedMap<String, Object> parameters) {
        parameters.put("thickness", params.thickness());
        parameters.put("wibble_decay", params.wibbleDecay());
    }

    @Override
    public Image apply(Image image, RandomGenerator random) {
        int h = image.shape().height();
        int w = image.shape().width();
        int side = Integer.highestOneBit(Math.max(h, w) - 1) << 1;
        double[] plasma = Plasma.fractal(Math.max(side, 2), params.wibbleDecay(), random);
        double max = 0;
        for (float v : image.pixels()) {
            max = Math.max(max, v);
        }
        double t = params.thickness();
        double scale = max / (max + t);
        return Planes.perPlane(image, p -> {
            double[] out = new double[p.length];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = (p[y * w + x] + t * plasma[y * side + x]) * scale;
                }
            }
            return out;
        });
    }
}
