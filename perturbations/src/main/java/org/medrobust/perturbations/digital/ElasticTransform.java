package org.medrobust.perturbations.digital;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.Corruption;
import org.medrobust.perturbations.SeverityTable;
import org.medrobust.perturbations.ops.Border;
import org.medrobust.perturbations.ops.Filters;
import org.medrobust.perturbations.ops.Planes;
import org.medrobust.perturbations.ops.Resample;

/**
 * Elastic deformation, as ImageNet-C's {@code elastic_transform} (make_cifar_c.py, after Simard et al. 2003 via
 * erniejunior's gist), with its parameters as fractions of the image side n (the reference's {@code IMSIZE}):
 * <ol>
 * <li>a random affine map: the three points {@code c + s, (c_x + s, c_y - s), c - s} (c = n // 2, s = n // 3) moved
 * by U(-a n, a n) each coordinate, applied with bilinear sampling and mirrored borders (OpenCV
 * {@code warpAffine}, {@code BORDER_REFLECT_101});</li>
 * <li>a displacement field {@code dx, dy = alpha n * gaussian(U(-1, 1), sigma n, mode='reflect', truncate=3)},
 * sampled bilinearly (scipy {@code map_coordinates}, order 1, {@code 'reflect'}).</li>
 * </ol>
 * (alpha, sigma, a) by severity 1..5 = (0, 0, .08), (.05, .2, .07), (.08, .06, .06), (.1, .04, .05),
 * (.1, .03, .03) (CIFAR-10-C). One deformation for all channels. Records the six affine point displacements.
 * Deviation: OpenCV samples the affine warp at 1/32 px, medrobust exactly.
 */
public final class ElasticTransform extends Corruption {

    public static final String ID = "elastic_transform";

    /** Fractions of the image side. */
    public record Params(double alpha, double sigma, double affine) {
    }

    public static final SeverityTable<Params> TABLE = SeverityTable.of(ID, new Params(0, 0, 0.08),
            new Params(0.05, 0.2, 0.07), new Params(0.08, 0.06, 0.06), new Params(0.1, 0.04, 0.05),
            new Params(0.1, 0.03, 0.03));

    private final Params params;

    public ElasticTransform(int severity) {
        super(ID, severity, "ImageNet-C elastic_transform (CIFAR-10-C table)");
        this.params = TABLE.at(severity);
    }

    @Override
    protected void describe(SequencedMap<String, Object> parameters) {
        parameters.put("alpha_fraction", params.alpha());
        parameters.put("sigma_fraction", params.sigma());
        parameters.put("affine_fraction", params.affine());
    }

    @Override
    public Image apply(Image image, RandomGenerator random) {
        return applyRecorded(image, random).image();
    }

    @Override
    public Perturbed applyRecorded(Image image, RandomGenerator random) {
        int h = image.shape().height();
        int w = image.shape().width();
        double n = h;
        double a = params.affine() * n;
        double cx = Math.floor(w / 2.0);
        double cy = Math.floor(h / 2.0);
        double s = Math.min(h, w) / 3;
        double[][] from = {{cx + s, cy + s}, {cx + s, cy - s}, {cx - s, cy - s}};
        double[][] to = new double[3][2];
        List<Double> moves = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            for (int k = 0; k < 2; k++) {
                double move = (float) random.nextDouble(-a, a);
                moves.add(move);
                to[p][k] = from[p][k] + move;
            }
        }
        double[] inverse = inverseAffine(from, to);
        double[] dx = field(h, w, random);
        double[] dy = field(h, w, random);
        Image out = Planes.perPlane(image, p -> {
            double[] warped = new double[p.length];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double sx = inverse[0] * x + inverse[1] * y + inverse[2];
                    double sy = inverse[3] * x + inverse[4] * y + inverse[5];
                    warped[y * w + x] = Resample.bilinear(p, h, w, sy, sx, Border.REFLECT_101);
                }
            }
            double[] result = new double[p.length];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    result[i] = Resample.bilinear(warped, h, w, y + dy[i], x + dx[i], Border.REFLECT);
                }
            }
            return result;
        });
        Map<String, Object> sampled = new LinkedHashMap<>();
        sampled.put("affine_point_moves_px", moves);
        return new Perturbed(out, sampled);
    }

    private double[] field(int h, int w, RandomGenerator random) {
        double[] u = new double[h * w];
        for (int i = 0; i < u.length; i++) {
            u[i] = random.nextDouble(-1, 1);
        }
        double[] smooth = Filters.gaussian(u, h, w, params.sigma() * h, 3.0, Border.REFLECT);
        for (int i = 0; i < smooth.length; i++) {
            smooth[i] *= params.alpha() * h;
        }
        return smooth;
    }

    /** The 2 x 3 map from destination to source of the affine map taking {@code from} to {@code to}. */
    static double[] inverseAffine(double[][] from, double[][] to) {
        // forward map d = A s + t from three point pairs (what cv2.getAffineTransform solves)
        double[] row0 = solve3(from, to, 0);
        double[] row1 = solve3(from, to, 1);
        double det = row0[0] * row1[1] - row0[1] * row1[0];
        double i00 = row1[1] / det;
        double i01 = -row0[1] / det;
        double i10 = -row1[0] / det;
        double i11 = row0[0] / det;
        return new double[] {i00, i01, -(i00 * row0[2] + i01 * row1[2]), i10, i11, -(i10 * row0[2] + i11 * row1[2])};
    }

    private static double[] solve3(double[][] from, double[][] to, int k) {
        double[][] m = new double[3][4];
        for (int r = 0; r < 3; r++) {
            m[r] = new double[] {from[r][0], from[r][1], 1, to[r][k]};
        }
        for (int c = 0; c < 3; c++) {
            int pivot = c;
            for (int r = c + 1; r < 3; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
                    pivot = r;
                }
            }
            double[] t = m[c];
            m[c] = m[pivot];
            m[pivot] = t;
            for (int r = 0; r < 3; r++) {
                if (r != c) {
                    double f = m[r][c] / m[c][c];
                    for (int j = c; j < 4; j++) {
                        m[r][j] -= f * m[c][j];
                    }
                }
            }
        }
        return new double[] {m[0][3] / m[0][0], m[1][3] / m[1][1], m[2][3] / m[2][2]};
    }
}
