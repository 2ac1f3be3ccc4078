package org.medrobust.perturbations.weather;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.Corruption;
import org.medrobust.perturbations.SeverityTable;
import org.medrobust.perturbations.ops.MotionKernel;
import org.medrobust.perturbations.ops.Planes;
import org.medrobust.perturbations.ops.Resample;

/**
 * Snow, as ImageNet-C's {@code snow} (make_cifar_c.py): a flake layer {@code N(mean, std)} per pixel, zoomed by z
 * ({@code clipped_zoom}), zeroed below a threshold, stored as 8 bits, motion-blurred (ImageMagick, radius r, sigma
 * s, angle U(-135, -45) degrees, {@link MotionKernel}); the image is brightened towards
 * {@code max(x, 1.5 gray(x) + .5)} with weight {@code 1 - k} and the layer added twice (as is and rotated by
 * 180 degrees). (mean, std, z, threshold, r, s, k) by severity 1..5 = (.1, .2, 1, .6, 8, 3, .95),
 * (.1, .2, 1, .5, 10, 4, .9), (.15, .3, 1.75, .55, 10, 4, .9), (.25, .3, 2.25, .6, 12, 6, .85),
 * (.3, .3, 1.25, .65, 14, 12, .8) (CIFAR-10-C). gray(x) is BT.601 luma (the image itself when gray). Records
 * the drawn angle.
 */
public final class Snow extends Corruption {

    public static final String ID = "snow";

    public record Params(double mean, double std, double zoom, double threshold, double radius, double sigma,
            double blend) {
    }

    public static final SeverityTable<Params> TABLE = SeverityTable.of(ID,
            new Params(0.1, 0.2, 1, 0.6, 8, 3, 0.95), new Params(0.1, 0.2, 1, 0.5, 10, 4, 0.9),
            new Params(0.15, 0.3, 1.75, 0.55, 10, 4, 0.9), new Params(0.25, 0.3, 2.25, 0.6, 12, 6, 0.85),
            new Params(0.3, 0.3, 1.25, 0.65, 14, 12, 0.8));

    private final Params params;

    public Snow(int severity) {
        super(ID, severity, "ImageNet-C snow (CIFAR-10-C table)");
        this.params = TABLE.at(severity);
    }

    @Override
    protected void describe(SequencedMap<String, Object> parameters) {
        parameters.put("flake_mean", params.mean());
        parameters.put("flake_std", params.std());
        parameters.put("zoom", params.zoom());
        parameters.put("threshold", params.threshold());
        parameters.put("motion_radius_px", params.radius());
        parameters.put("motion_sigma_px", params.sigma());
        parameters.put("angle_deg", "U(-135, -45)");
        parameters.put("image_weight", params.blend());
    }

    @Override
    public Image apply(Image image, RandomGenerator random) {
        return applyRecorded(image, random).image();
    }

    @Override
    public Perturbed applyRecorded(Image image, RandomGenerator random) {
        int h = image.shape().height();
        int w = image.shape().width();
        int n = h * w;
        double[] layer = new double[n];
        for (int i = 0; i < n; i++) {
            layer[i] = params.mean() + params.std() * random.nextGaussian();
        }
        layer = Resample.clippedZoom(layer, h, w, params.zoom());
        for (int i = 0; i < n; i++) {
            double v = layer[i] < params.threshold() ? 0 : Math.clamp(layer[i], 0.0, 1.0);
            layer[i] = Math.floor(v * 255 + 1e-9); // PIL 'L' image of the layer, truncated
        }
        double angle = random.nextDouble(-135, -45);
        double[] blurred = MotionKernel.blur(layer, h, w, params.radius(), params.sigma(), angle);
        for (int i = 0; i < n; i++) {
            blurred[i] = Math.clamp(Math.rint(blurred[i]), 0, 255) / 255.0; // ImageMagick writes 8 bits
        }
        double[][] planes = Planes.of(image);
        double[] gray = planes.length == 3 ? luma(planes) : planes[0];
        double k = params.blend();
        for (double[] p : planes) {
            for (int i = 0; i < n; i++) {
                double bright = Math.max(p[i], gray[i] * 1.5 + 0.5);
                p[i] = k * p[i] + (1 - k) * bright + blurred[i] + blurred[n - 1 - i];
            }
        }
        Map<String, Object> sampled = new LinkedHashMap<>();
        sampled.put("angle_deg", angle);
        return new Perturbed(Planes.image(image.shape(), planes), sampled);
    }

    private static double[] luma(double[][] rgb) {
        double[] gray = new double[rgb[0].length];
        for (int i = 0; i < gray.length; i++) {
            gray[i] = Planes.LUMA_R * rgb[0][i] + Planes.LUMA_G * rgb[1][i] + Planes.LUMA_B * rgb[2][i];
        }
        return gray;
    }
}
