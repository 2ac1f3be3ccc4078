package org.medrobust.perturbations.weather;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.Corruption;
import org.medrobust.perturbations.SeverityTable;
import org.medrobust.perturbations.ops.Planes;

/**
 * Frost, ImageNet-C's {@code frost} (make_cifar_c.py, hendrycks/robustness 8190fe3):
 * {@code clip(a x + b F, 0, 255)} with the CIFAR-10-C blend (a, b) by severity 1..5 = (1, .2), (1, .3), (.9, .4),
 * (.85, .4), (.75, .45), where F is a random crop of one of the reference's frost photographs ({@link FrostImages},
 * shipped unchanged) chosen uniformly among the first five, resized by {@code cv2.resize} with factor 0.2, crop
 * corner {@code randint(0, side_F - side)} per axis.
 *
 * <p>Resolution: the reference crops 32 px (CIFAR; the golden data, 28 px) from the photographs at 0.2. For a larger
 * image the factor grows with it, {@code 0.2 max(1, side / 32)}, so that the ice covers the same fraction of the
 * image as in CIFAR-10-C (and at least as much as the crop needs). Gray images through {@link Planes#viaRgb}.
 * Records the photograph (1..5), the factor and the crop corner.
 */
public final class Frost extends Corruption {

    public static final String ID = "frost";

    public record Params(double imageWeight, double frostWeight) {
    }

    public static final SeverityTable<Params> TABLE = SeverityTable.of(ID, new Params(1, 0.2), new Params(1, 0.3),
            new Params(0.9, 0.4), new Params(0.85, 0.4), new Params(0.75, 0.45));

    /** CIFAR-10-C's resize of the photographs and the side it was made for. */
    static final double CIFAR_FACTOR = 0.2;
    static final int CIFAR_SIDE = 32;

    private final Params params;

    public Frost(int severity) {
        super(ID, severity, "ImageNet-C frost (CIFAR-10-C blend table, the reference's frost photographs)");
        this.params = TABLE.at(severity);
    }

    @Override
    protected void describe(SequencedMap<String, Object> parameters) {
        parameters.put("image_weight", params.imageWeight());
        parameters.put("frost_weight", params.frostWeight());
        parameters.put("frost_images", "ImageNet-C frost1..frost5, resized by 0.2 max(1, side/32)");
    }

    @Override
    public Image apply(Image image, RandomGenerator random) {
        return applyRecorded(image, random).image();
    }

    @Override
    public Perturbed applyRecorded(Image image, RandomGenerator random) {
        int h = image.shape().height();
        int w = image.shape().width();
        int index = random.nextInt(FrostImages.FILES.size());
        double factor = factor(index, h, w);
        FrostImages.Texture frost = FrostImages.resized(index, factor);
        int top = random.nextInt(frost.height() - h);
        int left = random.nextInt(frost.width() - w);
        Image out = Planes.viaRgb(image, rgb -> {
            double[][] p = Planes.of(rgb);
            for (int c = 0; c < 3; c++) {
                int[] f = frost.rgb()[c];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int i = y * w + x;
                        p[c][i] = params.imageWeight() * p[c][i]
                                + params.frostWeight() * f[(top + y) * frost.width() + left + x] / 255.0;
                    }
                }
            }
            return Planes.image(rgb.shape(), p);
        });
        Map<String, Object> sampled = new LinkedHashMap<>();
        sampled.put("frost_image", index + 1);
        sampled.put("resize_factor", factor);
        sampled.put("crop_yx", java.util.List.of(top, left));
        return new Perturbed(out, sampled);
    }

    /** CIFAR's 0.2, grown with the image, and enough that a crop of h x w fits with one corner to choose. */
    static double factor(int index, int h, int w) {
        // 0.2 side / 32 = side / 160, written so that e.g. 224 px gives exactly 1.4
        double factor = Math.max(CIFAR_FACTOR, Math.max(h, w) / (CIFAR_SIDE * 5.0));
        FrostImages.Texture original = FrostImages.original(index);
        while (Math.round(original.height() * factor) <= h || Math.round(original.width() * factor) <= w) {
            factor = Math.ceil(factor * 1.1 * 100) / 100; // grow in small steps, keeping a short decimal
        }
        return factor;
    }
}
