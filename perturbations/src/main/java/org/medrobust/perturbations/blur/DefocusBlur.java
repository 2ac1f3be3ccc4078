package org.medrobust.perturbations.blur;

import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.Corruption;
import org.medrobust.perturbations.SeverityTable;
import org.medrobust.perturbations.ops.Border;
import org.medrobust.perturbations.ops.Disk;
import org.medrobust.perturbations.ops.Filters;
import org.medrobust.perturbations.ops.Planes;

/**
 * Defocus blur, as ImageNet-C's {@code defocus_blur} (make_cifar_c.py): each channel filtered (OpenCV
 * {@code filter2D}, {@code BORDER_REFLECT_101}) with the anti-aliased disk {@link Disk} of the given radius;
 * (radius, alias blur) by severity 1..5 = (.3, .4), (.4, .5), (.5, .6), (1, .2), (1.5, .1) (CIFAR-10-C; radii
 * below 1 give a 1-pixel disk, so the first three levels blur only by the anti-aliasing). Deterministic.
 */
public final class DefocusBlur extends Corruption {

    public static final String ID = "defocus_blur";

    /** Disk radius and anti-aliasing sigma, in pixels. */
    public record Params(double radius, double aliasBlur) {
    }

    public static final SeverityTable<Params> TABLE = SeverityTable.of(ID, new Params(0.3, 0.4),
            new Params(0.4, 0.5), new Params(0.5, 0.6), new Params(1, 0.2), new Params(1.5, 0.1));

    private final Params params;

    public DefocusBlur(int severity) {
        this(ID, TABLE, severity, "ImageNet-C defocus_blur (CIFAR-10-C table)");
    }

    public DefocusBlur(String id, SeverityTable<Params> table, int severity, String source) {
        super(id, severity, source);
        this.params = table.at(severity);
    }

    @Override
    protected void describe(SequencedMap<String, Object> parameters) {
        parameters.put("radius_px", params.radius());
        parameters.put("alias_blur_px", params.aliasBlur());
    }

    @Override
    public Image apply(Image image, RandomGenerator random) {
        return blur(image, params.radius(), params.aliasBlur());
    }

    public static Image blur(Image image, double radius, double aliasBlur) {
        double[] full = Disk.kernel(radius, aliasBlur);
        int side = Disk.side(radius);
        // the disk is small inside its 17 x 17 grid: filter with the non-zero centre only (same result, faster)
        int margin = 0;
        while (margin < side / 2 && ringIsZero(full, side, margin)) {
            margin++;
        }
        int trimmed = side - 2 * margin;
        double[] kernel = new double[trimmed * trimmed];
        for (int y = 0; y < trimmed; y++) {
            System.arraycopy(full, (y + margin) * side + margin, kernel, y * trimmed, trimmed);
        }
        int h = image.shape().height();
        int w = image.shape().width();
        return Planes.perPlane(image, p -> Filters.correlate2d(p, h, w, kernel, trimmed, trimmed, Border.REFLECT_101));
    }

    private static boolean ringIsZero(double[] kernel, int side, int ring) {
        for (int i = ring; i < side - ring; i++) {
            if (kernel[ring * side + i] != 0 || kernel[(side - 1 - ring) * side + i] != 0
                    || kernel[i * side + ring] != 0 || kernel[i * side + side - 1 - ring] != 0) {
                return false;
            }
        }
        return true;
    }
}
