package org.medrobust.perturbations.blur;

import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageShape;
import org.medrobust.perturbations.Corruption;
import org.medrobust.perturbations.SeverityTable;
import org.medrobust.perturbations.ops.Planes;

/**
 * Glass blur, as ImageNet-C's {@code glass_blur} (make_cifar_c.py): Gaussian blur (sigma), truncation to 8 bits,
 * then {@code iterations} sweeps that give each interior pixel (all channels together) the value of a neighbour at
 * offset (dy, dx) drawn from {@code randint(-delta, delta)} (so in {-1, 0} for delta 1: numpy's upper bound is
 * exclusive), rows and columns visited from {@code n - delta} down to {@code delta + 1}; then the Gaussian blur
 * again. (sigma, delta, iterations) by severity 1..5 = (.05, 1, 1), (.25, 1, 1), (.4, 1, 1), (.25, 1, 2),
 * (.4, 1, 2) (CIFAR-10-C). The reference means to swap the two pixels, but its tuple swap of numpy views on an
 * (H, W, 3) array copies the neighbour into the pixel and leaves the neighbour as it was; medrobust does what the
 * published data sets were made with (the copy). The moves are per-pixel noise: nothing is recorded.
 */
public final class GlassBlur extends Corruption {

    public static final String ID = "glass_blur";

    public record Params(double sigma, int maxDelta, int iterations) {
    }

    public static final SeverityTable<Params> TABLE = SeverityTable.of(ID, new Params(0.05, 1, 1),
            new Params(0.25, 1, 1), new Params(0.4, 1, 1), new Params(0.25, 1, 2), new Params(0.4, 1, 2));

    private final Params params;

    public GlassBlur(int severity) {
        super(ID, severity, "ImageNet-C glass_blur (CIFAR-10-C table)");
        this.params = TABLE.at(severity);
    }

    @Override
    protected void describe(SequencedMap<String, Object> parameters) {
        parameters.put("sigma_px", params.sigma());
        parameters.put("max_delta_px", params.maxDelta());
        parameters.put("iterations", params.iterations());
    }

    @Override
    public Image apply(Image image, RandomGenerator random) {
        ImageShape shape = image.shape();
        int h = shape.height();
        int w = shape.width();
        double[][] planes = Planes.of(GaussianBlur.blur(image, params.sigma()));
        for (double[] plane : planes) {
            for (int i = 0; i < plane.length; i++) {
                plane[i] = Math.floor(plane[i] * 255.0 + 1e-9) / 255.0; // np.uint8(x * 255)
            }
        }
        int d = params.maxDelta();
        for (int it = 0; it < params.iterations(); it++) {
            for (int y = h - d; y > d; y--) {
                for (int x = w - d; x > d; x--) {
                    int dx = random.nextInt(-d, d);
                    int dy = random.nextInt(-d, d);
                    int a = y * w + x;
                    int b = (y + dy) * w + (x + dx);
                    for (double[] plane : planes) {
                        plane[a] = plane[b];
                    }
                }
            }
        }
        return GaussianBlur.blur(Planes.image(shape, planes), params.sigma());
    }
}
