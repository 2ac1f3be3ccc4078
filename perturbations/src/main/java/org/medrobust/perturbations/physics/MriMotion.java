package org.medrobust.perturbations.physics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.SeverityScale;

/**
 * MRI motion artifact, as TorchIO's {@code RandomMotion} / {@code Motion}
 * (torchio/transforms/augmentation/intensity/random_motion.py, after Shaw et al. 2019): the patient takes
 * {@code n} rigid poses during the acquisition and each pose fills its own segment of k-space.
 * <ol>
 *   <li>n = 2 movements (TorchIO's default); movement k rotates about the image centre ({@code (H/2, W/2)}, TorchIO's
 *       {@code size / 2}) by {@code theta_k ~ U(-d, d)} degrees and translates by {@code t_k ~ U(-t, t)^2} pixels
 *       (a 2-D image: rotation in plane, translation in plane only, as TorchIO's {@code is_2d}).</li>
 *   <li>Times {@code tau_k = k / (n + 1) + U(-.3, .3) / (n + 1)}, k = 1..n (TorchIO's {@code perturbation=0.3}).</li>
 *   <li>Each pose is resampled with bilinear interpolation (output point p reads the input at
 *       {@code R(p - c) + c + t}, SimpleITK's convention; outside the image: the channel's minimum, TorchIO's default
 *       value). The spectra of [original, pose 1, ..., pose n] are taken, the original swaps places with the first
 *       pose whose time exceeds 0.5 (so the original fills the centre of k-space), and column segment k,
 *       {@code [floor(W tau_{k}), floor(W tau_{k+1}))} with {@code tau_0 = 0}, {@code tau_{n+1} = 1}, comes from
 *       spectrum k.</li>
 *   <li>The real part of the inverse transform, clipped to [0, 1], is the image.</li>
 * </ol>
 *
 * <p>One deliberate difference: TorchIO cuts its segments along the spectrum's last axis, which for a 2-D image
 * (TorchIO's shape (C, W, H, 1)) is the depth axis of size 1, so there all of k-space comes from one moved pose and
 * the "motion" is a plain rigid shift. Here the segments run along the columns, the in-plane analogue of cutting
 * one k-space axis into acquisition-time segments, which is what Shaw et al. simulate.
 *
 * <p>Severity ladder: d = 2, 4, 6, 8, 10 degrees and t = 1 %, 2 %, 3 %, 4 %, 5 % of the image size. Severity 5 is
 * TorchIO's default (10 degrees, 10 mm) on a 1 mm, 200 px slice; translations are in fractions of the field of
 * view so that 28 px and 224 px images move alike. The sampled poses and times are recorded; RGB channels move
 * together.
 */
public final class MriMotion extends SampledPhysicsCorruption {

    public static final String ID = "mri_motion";

    public static final SeverityScale DEGREES = new SeverityScale(ID, 2, 4, 6, 8, 10);
    public static final SeverityScale TRANSLATIONS = new SeverityScale(ID, 0.01, 0.02, 0.03, 0.04, 0.05);

    /** TorchIO's default {@code num_transforms}. */
    public static final int MOVEMENTS = 2;
    private static final double TIME_PERTURBATION = 0.3;

    private final double degrees;
    private final double translation;

    public MriMotion(int severity) {
        super(ID, severity, "TorchIO RandomMotion");
        this.degrees = DEGREES.at(severity);
        this.translation = TRANSLATIONS.at(severity);
    }

    @Override
    void describeStrength(SequencedMap<String, Object> parameters) {
        parameters.put("degrees", degrees);
        parameters.put("translationFraction", translation);
        parameters.put("movements", MOVEMENTS);
        parameters.put("interpolation", "bilinear");
    }

    @Override
    public Perturbed applyRecorded(Image image, RandomGenerator random) {
        int h = image.shape().height();
        int w = image.shape().width();
        // TorchIO's draw order: all rotations, all translations, then the time jitter.
        double[] angles = new double[MOVEMENTS];
        double[][] shifts = new double[MOVEMENTS][2];
        double[] times = new double[MOVEMENTS];
        for (int k = 0; k < MOVEMENTS; k++) {
            angles[k] = random.nextDouble(-degrees, degrees);
        }
        for (int k = 0; k < MOVEMENTS; k++) {
            shifts[k][0] = random.nextDouble(-translation, translation) * h;
            shifts[k][1] = random.nextDouble(-translation, translation) * w;
        }
        double step = 1.0 / (MOVEMENTS + 1);
        for (int k = 0; k < MOVEMENTS; k++) {
            times[k] = step * (k + 1) + random.nextDouble(-step * TIME_PERTURBATION, step * TIME_PERTURBATION);
        }
        KSpace kspace = KSpace.of(h, w);
        Image out = Channels.eachChannel(image, channel -> kspace.inverseReal(combined(kspace, channel, angles, shifts, times)));
        SequencedMap<String, Object> sampled = new LinkedHashMap<>();
        List<List<Double>> poses = new ArrayList<>();
        List<Double> recordedTimes = new ArrayList<>();
        for (int k = 0; k < MOVEMENTS; k++) {
            poses.add(List.of(angles[k], shifts[k][0], shifts[k][1]));
            recordedTimes.add(times[k]);
        }
        sampled.put("poses (degrees, rows, columns)", poses);
        sampled.put("times", recordedTimes);
        return new Perturbed(out, sampled);
    }

    /** The k-space of the moving acquisition: column segments from the poses' spectra, TorchIO's order. */
    static double[] combined(KSpace kspace, double[] channel, double[] angles, double[][] shifts, double[] times) {
        int h = kspace.height();
        int w = kspace.width();
        List<double[]> spectra = new ArrayList<>();
        spectra.add(kspace.forward(channel));
        for (int k = 0; k < angles.length; k++) {
            spectra.add(kspace.forward(moved(channel, h, w, angles[k], shifts[k])));
        }
        int centre = times.length; // the last spectrum when no time exceeds 0.5
        for (int k = 0; k < times.length; k++) {
            if (times[k] > 0.5) {
                centre = k;
                break;
            }
        }
        double[] first = spectra.get(0);
        spectra.set(0, spectra.get(centre));
        spectra.set(centre, first);
        double[] result = new double[2 * h * w];
        int from = 0;
        for (int k = 0; k <= times.length; k++) {
            int to = k < times.length ? (int) (w * times[k]) : w;
            double[] spectrum = spectra.get(k);
            for (int u = 0; u < h; u++) {
                for (int v = from; v < to; v++) {
                    result[kspace.index(u, v)] = spectrum[kspace.index(u, v)];
                    result[kspace.index(u, v) + 1] = spectrum[kspace.index(u, v) + 1];
                }
            }
            from = Math.max(from, to);
        }
        return result;
    }

    /** Bilinear resampling of one channel under the rigid pose; outside the image reads the channel's minimum. */
    static double[] moved(double[] channel, int h, int w, double angleDegrees, double[] shift) {
        double min = Double.POSITIVE_INFINITY;
        for (double v : channel) {
            min = Math.min(min, v);
        }
        double cos = StrictMath.cos(Math.toRadians(angleDegrees));
        double sin = StrictMath.sin(Math.toRadians(angleDegrees));
        double cy = h / 2.0;
        double cx = w / 2.0;
        double[] out = new double[h * w];
        for (int row = 0; row < h; row++) {
            for (int column = 0; column < w; column++) {
                double dy = row - cy;
                double dx = column - cx;
                double sy = cy + sin * dx + cos * dy + shift[0];
                double sx = cx + cos * dx - sin * dy + shift[1];
                out[row * w + column] = bilinear(channel, h, w, sy, sx, min);
            }
        }
        return out;
    }

    private static double bilinear(double[] channel, int h, int w, double y, double x, double outside) {
        int y0 = (int) Math.floor(y);
        int x0 = (int) Math.floor(x);
        double fy = y - y0;
        double fx = x - x0;
        double value = 0;
        for (int dy = 0; dy <= 1; dy++) {
            for (int dx = 0; dx <= 1; dx++) {
                double weight = (dy == 0 ? 1 - fy : fy) * (dx == 0 ? 1 - fx : fx);
                if (weight == 0) {
                    continue;
                }
                int yy = y0 + dy;
                int xx = x0 + dx;
                boolean inside = yy >= 0 && yy < h && xx >= 0 && xx < w;
                value += weight * (inside ? channel[yy * w + xx] : outside);
            }
        }
        return value;
    }
}
