package org.medrobust.perturbations.weather;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.Corruption;
import org.medrobust.perturbations.SeverityTable;
import org.medrobust.perturbations.ops.Planes;
import org.medrobust.perturbations.ops.Plasma;

/**
 * Frost, after ImageNet-C's {@code frost} (make_cifar_c.py): {@code clip(a x + b F)} with the published blend
 * (a, b) by severity 1..5 = (1, .2), (1, .3), (.9, .4), (.85, .4), (.75, .45) (CIFAR-10-C). <b>Deviation:</b> F is
 * a random crop of one of ImageNet-C's six frost photographs, which medrobust does not ship; here F is a procedural
 * stand-in: a {@link Plasma} fractal (wibble decay 1.6, fine crystalline detail) standardised and given per
 * channel the mean and spread measured on the reference's frost crops at 28 px (R .55, G .60, B .65, standard
 * deviation .15; bluish white). Its PSNR, MAE and changed fraction match the golden data's 200-draw statistics
 * within the stated tolerance on the gray sets and within 1.5 times it on RGB tiles (docs/corruptions.md); its
 * texture is not that of real ice. Gray images through
 * {@link Planes#viaRgb}. Records the seed of the texture.
 */
public final class Frost extends Corruption {

    public static final String ID = "frost";

    public record Params(double imageWeight, double frostWeight) {
    }

    public static final SeverityTable<Params> TABLE = SeverityTable.of(ID, new Params(1, 0.2), new Params(1, 0.3),
            new Params(0.9, 0.4), new Params(0.85, 0.4), new Params(0.75, 0.45));

    /** Per-channel mean of the frost layer (R, G, B), measured on the reference's crops. */
    static final double[] FROST_MEAN = {0.55, 0.60, 0.65};
    static final double FROST_STD = 0.15;
    static final double WIBBLE_DECAY = 1.6;

    private final Params params;

    public Frost(int severity) {
        super(ID, severity, "ImageNet-C frost (CIFAR-10-C blend table; procedural frost texture)");
        this.params = TABLE.at(severity);
    }

    @Override
    protected void describe(SequencedMap<String, Object> parameters) {
        parameters.put("image_weight", params.imageWeight());
        parameters.put("frost_weight", params.frostWeight());
        parameters.put("frost_texture", "procedural plasma, mean RGB (0.55, 0.60, 0.65), std 0.15");
    }

    @Override
    public Image apply(Image image, RandomGenerator random) {
        return applyRecorded(image, random).image();
    }

    @Override
    public Perturbed applyRecorded(Image image, RandomGenerator random) {
        long seed = random.nextLong();
        int h = image.shape().height();
        int w = image.shape().width();
        int side = Math.max(2, Integer.highestOneBit(Math.max(h, w) - 1) << 1);
        double[] z = Plasma.fractal(side, WIBBLE_DECAY, new java.util.SplittableRandom(seed));
        double mean = 0;
        for (double v : z) {
            mean += v;
        }
        mean /= z.length;
        double var = 0;
        for (double v : z) {
            var += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(var / z.length);
        double[] standard = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            standard[i] = std > 0 ? (z[i] - mean) / std : 0;
        }
        Image out = Planes.viaRgb(image, rgb -> {
            double[][] p = Planes.of(rgb);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        double frost = Math.clamp(FROST_MEAN[c] + FROST_STD * standard[y * side + x], 0.0, 1.0);
                        int i = y * w + x;
                        p[c][i] = params.imageWeight() * p[c][i] + params.frostWeight() * frost;
                    }
                }
            }
            return Planes.image(rgb.shape(), p);
        });
        Map<String, Object> sampled = new LinkedHashMap<>();
        sampled.put("texture_seed", seed);
        return new Perturbed(out, sampled);
    }
}
