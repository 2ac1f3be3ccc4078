package org.medrobust.perturbations.weather;

import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.Corruption;
import org.medrobust.perturbations.SeverityTable;
import org.medrobust.perturbations.ops.Border;
import org.medrobust.perturbations.ops.Filters;
import org.medrobust.perturbations.ops.Planes;

/**
 * Spatter, as ImageNet-C's {@code spatter} (make_cifar_c.py): a liquid layer {@code N(mean, std)} per pixel,
 * Gaussian-smoothed (sigma), zeroed below a threshold; then either
 * <ul>
 * <li>water (mud = 0): the layer times an embossed texture of the distance to its edges (truncated at 20 px, 3x3
 * mean, histogram-equalised, the emboss kernel {@code [[-2,-1,0],[-1,1,1],[0,1,2]]}, 3x3 mean), normalised to
 * its maximum and scaled by {@code intensity}, added in pale turquoise (175, 238, 238)/255 to (R, G, B); or</li>
 * <li>mud (mud = 1): the layer's mask smoothed by {@code intensity} as a sigma, kept where >= .8, blending the
 * image towards mud brown (63, 42, 20)/255.</li>
 * </ul>
 * (mean, std, sigma, threshold, intensity, mud) by severity 1..5 = (.62, .1, .7, .7, .5, 0), (.65, .1, .8, .7,
 * .5, 0), (.65, .3, 1, .69, .5, 0), (.65, .1, .7, .69, .6, 1), (.65, .1, .5, .68, .6, 1) (CIFAR-10-C). Gray
 * images through {@link Planes#viaRgb} (the luma of the coloured result). Deviations: OpenCV's Canny edges of the
 * 8-bit layer are taken as the boundary of its non-zero region (the thresholded layer jumps from 0 to >= 170 there
 * and varies little inside, so Canny's hysteresis finds just that boundary) and the distance is exact Euclidean
 * (OpenCV: a 5x5 chamfer approximation). The layer is per-pixel noise: nothing is recorded.
 */
public final class Spatter extends Corruption {

    public static final String ID = "spatter";

    public record Params(double mean, double std, double sigma, double threshold, double intensity, boolean mud) {
    }

    public static final SeverityTable<Params> TABLE = SeverityTable.of(ID,
            new Params(0.62, 0.1, 0.7, 0.7, 0.5, false), new Params(0.65, 0.1, 0.8, 0.7, 0.5, false),
            new Params(0.65, 0.3, 1, 0.69, 0.5, false), new Params(0.65, 0.1, 0.7, 0.69, 0.6, true),
            new Params(0.65, 0.1, 0.5, 0.68, 0.6, true));

    private static final double[] WATER = {175 / 255.0, 238 / 255.0, 238 / 255.0};
    private static final double[] MUD = {63 / 255.0, 42 / 255.0, 20 / 255.0};
    private static final double[] EMBOSS = {-2, -1, 0, -1, 1, 1, 0, 1, 2};

    private final Params params;

    public Spatter(int severity) {
        super(ID, severity, "ImageNet-C spatter (CIFAR-10-C table)");
        this.params = TABLE.at(severity);
    }

    @Override
    protected void describe(SequencedMap<String, Object> parameters) {
        parameters.put("liquid_mean", params.mean());
        parameters.put("liquid_std", params.std());
        parameters.put("smoothing_sigma_px", params.sigma());
        parameters.put("threshold", params.threshold());
        parameters.put("intensity", params.intensity());
        parameters.put("kind", params.mud() ? "mud" : "water");
    }

    @Override
    public Image apply(Image image, RandomGenerator random) {
        int h = image.shape().height();
        int w = image.shape().width();
        double[] liquid = new double[h * w];
        for (int i = 0; i < liquid.length; i++) {
            liquid[i] = params.mean() + params.std() * random.nextGaussian();
        }
        liquid = Filters.gaussian(liquid, h, w, params.sigma(), 4.0, Border.NEAREST);
        for (int i = 0; i < liquid.length; i++) {
            if (liquid[i] < params.threshold()) {
                liquid[i] = 0;
            }
        }
        double[] layer = params.mud() ? mud(liquid, h, w) : water(liquid, h, w);
        double[] colour = params.mud() ? MUD : WATER;
        return Planes.viaRgb(image, rgb -> {
            double[][] p = Planes.of(rgb);
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < layer.length; i++) {
                    p[c][i] = params.mud() ? p[c][i] * (1 - layer[i]) + colour[c] * layer[i]
                            : p[c][i] + layer[i] * colour[c];
                }
            }
            return Planes.image(rgb.shape(), p);
        });
    }

    private double[] mud(double[] liquid, int h, int w) {
        double[] mask = new double[liquid.length];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = liquid[i] > params.threshold() ? 1 : 0;
        }
        double[] m = Filters.gaussian(mask, h, w, params.intensity(), 4.0, Border.NEAREST);
        for (int i = 0; i < m.length; i++) {
            if (m[i] < 0.8) {
                m[i] = 0;
            }
        }
        return m;
    }

    private double[] water(double[] liquid, int h, int w) {
        int n = liquid.length;
        double[] dist = new double[n];
        boolean[] edge = new boolean[n];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                edge[i] = liquid[i] > 0 && (outside(liquid, h, w, y - 1, x) || outside(liquid, h, w, y + 1, x)
                        || outside(liquid, h, w, y, x - 1) || outside(liquid, h, w, y, x + 1));
            }
        }
        int[] edges = java.util.stream.IntStream.range(0, n).filter(j -> edge[j]).toArray();
        for (int i = 0; i < n; i++) {
            double best = 400; // squared; cv2.threshold(dist, 20, 20, THRESH_TRUNC) below
            for (int j : edges) {
                int dy = i / w - j / w;
                int dx = i % w - j % w;
                best = Math.min(best, dy * dy + dx * dx);
            }
            dist[i] = Math.sqrt(best);
        }
        double[] d = Filters.boxMean(dist, h, w, 3);
        for (int i = 0; i < n; i++) {
            d[i] = Math.floor(d[i]); // .astype(np.uint8)
        }
        d = equalizeHist(d);
        d = Filters.correlate2d(d, h, w, EMBOSS, 3, 3, Border.REFLECT_101);
        for (int i = 0; i < n; i++) {
            d[i] = Math.clamp(Math.rint(d[i]), 0, 255); // CV_8U saturation
        }
        d = Filters.boxMean(d, h, w, 3);
        double max = 0;
        double[] m = new double[n];
        for (int i = 0; i < n; i++) {
            m[i] = liquid[i] * d[i];
            max = Math.max(max, m[i]);
        }
        for (int i = 0; i < n; i++) {
            m[i] = max > 0 ? m[i] / max * params.intensity() : 0;
        }
        return m;
    }

    private static boolean outside(double[] liquid, int h, int w, int y, int x) {
        return y >= 0 && y < h && x >= 0 && x < w && liquid[y * w + x] == 0;
    }

    /** OpenCV {@code equalizeHist} on 8-bit values: the cumulative histogram, shifted so the first level maps to 0. */
    private static double[] equalizeHist(double[] values) {
        int[] hist = new int[256];
        for (double v : values) {
            hist[(int) v]++;
        }
        int first = 0;
        while (hist[first] == 0) {
            first++;
        }
        int total = values.length;
        double[] out = new double[values.length];
        if (hist[first] == total) {
            System.arraycopy(values, 0, out, 0, total);
            return out;
        }
        double scale = 255.0 / (total - hist[first]);
        int[] lut = new int[256];
        int sum = 0;
        for (int level = first + 1; level < 256; level++) {
            sum += hist[level];
            lut[level] = (int) Math.clamp(Math.rint(sum * scale), 0, 255);
        }
        for (int i = 0; i < total; i++) {
            out[i] = lut[(int) values[i]];
        }
        return out;
    }
}
