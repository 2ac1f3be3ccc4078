package org.medrobust.perturbations.blur;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.Corruption;
import org.medrobust.perturbations.SeverityTable;
import org.medrobust.perturbations.ops.MotionKernel;
import org.medrobust.perturbations.ops.Planes;

/**
 * Motion blur, as ImageNet-C's {@code motion_blur} (make_cifar_c.py): ImageMagick {@code MotionBlurImage(radius,
 * sigma, angle)} ({@link MotionKernel}) with the angle drawn from U(-45, 45) degrees per image, the same for every
 * channel; (radius, sigma) by severity 1..5 = (6, 1), (6, 1.5), (6, 2), (8, 2), (9, 2.5) (CIFAR-10-C). Records the
 * drawn angle.
 */
public final class MotionBlur extends Corruption {

    public static final String ID = "motion_blur";

    /** ImageMagick's radius and sigma, in pixels. */
    public record Params(double radius, double sigma) {
    }

    public static final SeverityTable<Params> TABLE = SeverityTable.of(ID, new Params(6, 1), new Params(6, 1.5),
            new Params(6, 2), new Params(8, 2), new Params(9, 2.5));

    private final Params params;

    public MotionBlur(int severity) {
        this(ID, TABLE, severity, "ImageNet-C motion_blur (CIFAR-10-C table)");
    }

    public MotionBlur(String id, SeverityTable<Params> table, int severity, String source) {
        super(id, severity, source);
        this.params = table.at(severity);
    }

    @Override
    protected void describe(SequencedMap<String, Object> parameters) {
        parameters.put("radius_px", params.radius());
        parameters.put("sigma_px", params.sigma());
        parameters.put("angle_deg", "U(-45, 45)");
    }

    @Override
    public Image apply(Image image, RandomGenerator random) {
        return applyRecorded(image, random).image();
    }

    @Override
    public Perturbed applyRecorded(Image image, RandomGenerator random) {
        return blur(image, params.radius(), params.sigma(), random);
    }

    /** One motion blur at a drawn angle, recorded as {@code angle_deg}. */
    public static Perturbed blur(Image image, double radius, double sigma, RandomGenerator random) {
        double angle = random.nextDouble(-45, 45);
        int h = image.shape().height();
        int w = image.shape().width();
        Image out = Planes.perPlane(image, p -> MotionKernel.blur(p, h, w, radius, sigma, angle));
        Map<String, Object> sampled = new LinkedHashMap<>();
        sampled.put("angle_deg", angle);
        return new Perturbed(out, sampled);
    }
}
