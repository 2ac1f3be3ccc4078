package org.medrobust.perturbations.blur;

import java.util.ArrayList;
import java.util.List;
import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.Corruption;
import org.medrobust.perturbations.SeverityTable;
import org.medrobust.perturbations.ops.Planes;
import org.medrobust.perturbations.ops.Resample;

/**
 * Zoom blur, as ImageNet-C's {@code zoom_blur} (make_cifar_c.py): the mean of the image and its
 * {@code clipped_zoom}s ({@link Resample#clippedZoom}, scipy bilinear zoom of the centre) by each factor of
 * {@code np.arange(1, stop, step)}; stop by severity 1..5 = 1.06, 1.11, 1.16, 1.21, 1.26 with step .01
 * (CIFAR-10-C; numpy's floating arange includes 1.06 at severity 1, hence 7 factors there). Deterministic.
 */
public final class ZoomBlur extends Corruption {

    public static final String ID = "zoom_blur";

    /** {@code np.arange(1, stop, step)}: the zoom factors averaged. */
    public record Params(double start, double stop, double step) {

        public List<Double> factors() {
            int count = (int) Math.ceil((stop - start) / step);
            List<Double> factors = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                factors.add(start + i * step);
            }
            return factors;
        }
    }

    public static final SeverityTable<Params> TABLE = SeverityTable.of(ID, new Params(1, 1.06, 0.01),
            new Params(1, 1.11, 0.01), new Params(1, 1.16, 0.01), new Params(1, 1.21, 0.01), new Params(1, 1.26, 0.01));

    private final Params params;

    public ZoomBlur(int severity) {
        this(ID, TABLE, severity, "ImageNet-C zoom_blur (CIFAR-10-C table)");
    }

    public ZoomBlur(String id, SeverityTable<Params> table, int severity, String source) {
        super(id, severity, source);
        this.params = table.at(severity);
    }

    @Override
    protected void describe(SequencedMap<String, Object> parameters) {
        parameters.put("zoom_factors", params.factors());
    }

    @Override
    public Image apply(Image image, RandomGenerator random) {
        return blur(image, params.factors());
    }

    public static Image blur(Image image, List<Double> factors) {
        int h = image.shape().height();
        int w = image.shape().width();
        return Planes.perPlane(image, p -> {
            double[] sum = p.clone();
            for (double factor : factors) {
                double[] zoomed = Resample.clippedZoom(p, h, w, factor);
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += zoomed[i];
                }
            }
            for (int i = 0; i < sum.length; i++) {
                sum[i] /= factors.size() + 1;
            }
            return sum;
        });
    }
}
