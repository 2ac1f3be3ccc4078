package org.medrobust.perturbations.physics;

import java.util.Map;
import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.SeverityScale;

/**
 * Anisotropic acquisition (thick slices or a coarse phase-encode grid) resampled back to the display grid, as
 * TorchIO's {@code RandomAnisotropy} (torchio/transforms/augmentation/spatial/random_anisotropy.py, after Billot et
 * al. 2020): along one axis, chosen uniformly from the two in-plane axes and recorded, the spacing is multiplied by
 * m; the image is resampled to that spacing with nearest-neighbour interpolation ({@code n' = ceil(n / m)} samples,
 * sample j at source index {@code (m - 1)/2 + j m}: the field of view keeps its edges, as TorchIO's
 * {@code Resample}) and back to n samples with linear interpolation (TorchIO's default {@code image_interpolation};
 * source position {@code (i - (m - 1)/2) / m}, clamped to the sample range at the borders).
 *
 * <p>Severity ladder: m = 1.5, 2, 2.75, 3.75, 5, spanning TorchIO's default range (1.5, 5) end to end. RGB channels
 * share the axis.
 */
public final class AnisotropicDownsampling extends SampledPhysicsCorruption {

    public static final String ID = "anisotropic_downsampling";

    public static final SeverityScale FACTORS = new SeverityScale(ID, 1.5, 2.0, 2.75, 3.75, 5.0);

    private final double factor;

    public AnisotropicDownsampling(int severity) {
        super(ID, severity, "TorchIO RandomAnisotropy");
        this.factor = FACTORS.at(severity);
    }

    @Override
    void describeStrength(SequencedMap<String, Object> parameters) {
        parameters.put("downsampling", factor);
        parameters.put("axes", "rows or columns");
        parameters.put("down", "nearest");
        parameters.put("up", "linear");
    }

    @Override
    public Perturbed applyRecorded(Image image, RandomGenerator random) {
        int axis = random.nextInt(2);
        return new Perturbed(resample(image, axis, factor), Map.of("axis", axis == 0 ? "rows" : "columns"));
    }

    /** Down by {@code factor} and back up along one axis (0: rows, 1: columns), every channel alike. */
    public static Image resample(Image image, int axis, double factor) {
        int h = image.shape().height();
        int w = image.shape().width();
        return Channels.eachChannel(image, channel -> resampled(channel, h, w, axis, factor));
    }

    /** Down (nearest) and up (linear) along one axis (0: down the rows, 1: along each row) of an H x W channel. */
    static double[] resampled(double[] channel, int h, int w, int axis, double factor) {
        int lines = axis == 0 ? w : h;
        int length = axis == 0 ? h : w;
        int coarse = (int) Math.ceil(length / factor);
        double offset = (factor - 1) / 2;
        double[] out = new double[channel.length];
        double[] samples = new double[coarse];
        for (int line = 0; line < lines; line++) {
            for (int j = 0; j < coarse; j++) {
                int source = (int) Math.clamp(Math.round(offset + j * factor), 0, length - 1);
                samples[j] = channel[at(axis, line, source, w)];
            }
            for (int i = 0; i < length; i++) {
                double position = Math.clamp((i - offset) / factor, 0, coarse - 1);
                int lower = (int) Math.floor(position);
                int upper = Math.min(lower + 1, coarse - 1);
                double fraction = position - lower;
                out[at(axis, line, i, w)] = (1 - fraction) * samples[lower] + fraction * samples[upper];
            }
        }
        return out;
    }

    private static int at(int axis, int line, int k, int width) {
        return axis == 0 ? k * width + line : line * width + k;
    }
}
