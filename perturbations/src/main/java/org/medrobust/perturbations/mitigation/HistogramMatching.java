package org.medrobust.perturbations.mitigation;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.util.Sha256;

/**
 * Histogram matching to a reference population, per channel, as scikit-image's {@code exposure.match_histograms}
 * ({@code _match_cumulative_cdf}): with the image's distinct values v_j and their cumulative share
 * {@code q_j = (count of values <= v_j) / n}, and the reference's distinct values r_k with cumulative shares s_k,
 * each v_j becomes {@code interp(q_j, s, r)} (numpy's linear {@code interp}, held at the ends). The reference is the
 * pooled pixels of the source images, so a site's grey-level mapping (gamma, window, gain, offset) is undone where it
 * is monotone.
 */
public final class HistogramMatching implements Mitigation {

    public static final String ID = "histogram_matching";

    private final double[][] values;
    private final double[][] shares;
    private final int images;

    private HistogramMatching(double[][] values, double[][] shares, int images) {
        this.values = values;
        this.shares = shares;
        this.images = images;
    }

    /** Fits the reference CDF of every channel on the pooled pixels of {@code reference}. */
    public static HistogramMatching fit(List<Image> reference) {
        int channels = reference.getFirst().shape().channels();
        double[][] values = new double[channels][];
        double[][] shares = new double[channels][];
        for (int c = 0; c < channels; c++) {
            int plane = reference.getFirst().shape().height() * reference.getFirst().shape().width();
            double[] pooled = new double[plane * reference.size()];
            for (int i = 0; i < reference.size(); i++) {
                float[] x = reference.get(i).pixels();
                for (int p = 0; p < plane; p++) {
                    pooled[i * plane + p] = x[c * plane + p];
                }
            }
            double[][] cdf = cumulative(pooled);
            values[c] = cdf[0];
            shares[c] = cdf[1];
        }
        return new HistogramMatching(values, shares, reference.size());
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public SequencedMap<String, Object> parameters() {
        SequencedMap<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("referenceImages", images);
        parameters.put("referenceLevels", Arrays.stream(values).mapToInt(v -> v.length).boxed().toList());
        parameters.put("referenceSha256", Sha256.of(bytes()));
        return parameters;
    }

    @Override
    public Image apply(Image image) {
        int plane = image.shape().height() * image.shape().width();
        float[] in = image.pixels();
        float[] out = new float[in.length];
        for (int c = 0; c < image.shape().channels(); c++) {
            double[] channel = new double[plane];
            for (int p = 0; p < plane; p++) {
                channel[p] = in[c * plane + p];
            }
            double[][] own = cumulative(channel);
            double[] mapped = new double[own[0].length];
            for (int j = 0; j < mapped.length; j++) {
                mapped[j] = interp(own[1][j], shares[c], values[c]);
            }
            for (int p = 0; p < plane; p++) {
                int j = Arrays.binarySearch(own[0], channel[p]);
                out[c * plane + p] = (float) Math.clamp(mapped[j], 0.0, 1.0);
            }
        }
        return new Image(image.shape(), out);
    }

    /** Distinct values (ascending) and the share of values at or below each. */
    static double[][] cumulative(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double[] distinct = new double[sorted.length];
        double[] shares = new double[sorted.length];
        int k = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i + 1 == sorted.length || sorted[i + 1] != sorted[i]) {
                distinct[k] = sorted[i];
                shares[k++] = (i + 1) / (double) sorted.length;
            }
        }
        return new double[][] {Arrays.copyOf(distinct, k), Arrays.copyOf(shares, k)};
    }

    /** numpy's {@code interp(x, xp, fp)}: linear between points, held at the ends. */
    static double interp(double x, double[] xp, double[] fp) {
        if (x <= xp[0]) {
            return fp[0];
        }
        if (x >= xp[xp.length - 1]) {
            return fp[fp.length - 1];
        }
        int i = Arrays.binarySearch(xp, x);
        if (i >= 0) {
            return fp[i];
        }
        int above = -i - 1;
        int below = above - 1;
        double t = (x - xp[below]) / (xp[above] - xp[below]);
        return fp[below] + t * (fp[above] - fp[below]);
    }

    private byte[] bytes() {
        int n = 0;
        for (int c = 0; c < values.length; c++) {
            n += 2 * values[c].length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(8 * n);
        for (int c = 0; c < values.length; c++) {
            for (int j = 0; j < values[c].length; j++) {
                buffer.putDouble(values[c][j]).putDouble(shares[c][j]);
            }
        }
        return buffer.array();
    }
}
