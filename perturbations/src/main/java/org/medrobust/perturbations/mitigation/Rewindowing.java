package org.medrobust.perturbations.mitigation;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.site.MacenkoStain;

/**
 * Re-windowing: each image's robust intensity window, its 1st and 99th percentiles {@code [lo, hi]} (numpy's linear
 * percentile over all its values), mapped linearly onto the source images' mean window {@code [LO, HI]}:
 * {@code y = LO + (x - lo) (HI - LO) / (hi - lo)}, clipped to [0, 1]. This is the percentile windowing radiology
 * pipelines apply to DICOM pixel data (e.g. MONAI's {@code ScaleIntensityRangePercentiles}) with the source's window
 * as the output range: it undoes a site's linear window/level, gain and offset, not its gamma. An image with
 * {@code hi - lo} below 1e-6 (flat) is left as it is.
 */
public final class Rewindowing implements Mitigation {

    public static final String ID = "rewindow";
    static final double LOW_PERCENTILE = 1;
    static final double HIGH_PERCENTILE = 99;

    private final double low;
    private final double high;
    private final int images;

    Rewindowing(double low, double high, int images) {
        this.low = low;
        this.high = high;
        this.images = images;
    }

    /** The mean 1st and 99th percentile of the reference images. */
    public static Rewindowing fit(List<Image> reference) {
        double low = 0;
        double high = 0;
        for (Image image : reference) {
            double[] window = window(image);
            low += window[0] / reference.size();
            high += window[1] / reference.size();
        }
        return new Rewindowing(low, high, reference.size());
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public SequencedMap<String, Object> parameters() {
        SequencedMap<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("referenceImages", images);
        parameters.put("percentiles", List.of(LOW_PERCENTILE, HIGH_PERCENTILE));
        parameters.put("targetLow", low);
        parameters.put("targetHigh", high);
        return parameters;
    }

    @Override
    public Image apply(Image image) {
        double[] window = window(image);
        if (window[1] - window[0] < 1e-6) {
            return image;
        }
        double scale = (high - low) / (window[1] - window[0]);
        float[] in = image.pixels();
        float[] out = new float[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = (float) Math.clamp(low + (in[i] - window[0]) * scale, 0.0, 1.0);
        }
        return new Image(image.shape(), out);
    }

    /** The image's 1st and 99th percentiles. */
    static double[] window(Image image) {
        float[] x = image.pixels();
        double[] sorted = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            sorted[i] = x[i];
        }
        Arrays.sort(sorted);
        return new double[] {MacenkoStain.percentile(sorted, LOW_PERCENTILE),
                MacenkoStain.percentile(sorted, HIGH_PERCENTILE)};
    }
}
