package org.medrobust.datasets.dicom;

import java.util.Arrays;
import java.util.Locale;

/**
 * How modality values (stored value x rescale slope + rescale intercept, e.g. Hounsfield units) become [0, 1].
 *
 * <ul>
 *   <li>With a Window Center c and Window Width w >= 1 in the file: the DICOM linear VOI function (PS3.3 section
 *       C.11.2.1.2.1): 0 for x <= c - 0.5 - (w - 1) / 2, 1 for x > c - 0.5 + (w - 1) / 2, else
 *       ((x - (c - 0.5)) / (w - 1) + 0.5). The first window is used when several are given.</li>
 *   <li>Otherwise a percentile window: lo and hi are the 0.5th and 99.5th percentiles of the frame's values (nearest
 *       rank), and y = clamp((x - lo) / (hi - lo), 0, 1). The same clipping nnU-Net applies to CT intensities
 *       (Isensee et al., Nature Methods 2021), robust to a few extreme pixels. Where the two percentiles are equal
 *       (over 99 % of the frame is one value, e.g. a small mask), lo and hi are the minimum and maximum instead; a
 *       constant frame gives 0.</li>
 * </ul>
 * MONOCHROME1 (minimum is white) is inverted afterwards: y' = 1 - y.
 *
 * @param low  the modality value mapped to 0
 * @param high the modality value mapped to 1
 * @param rule "window" or "percentile 0.5-99.5"
 */
record GrayscaleWindow(double low, double high, String rule, boolean linearVoi) {

    static final double LOW_PERCENTILE = 0.5;
    static final double HIGH_PERCENTILE = 99.5;

    static GrayscaleWindow of(DicomDataSet set, float[] values) {
        if (set.has(DicomDataSet.WINDOW_CENTER) && set.has(DicomDataSet.WINDOW_WIDTH)) {
            double centre = set.number(DicomDataSet.WINDOW_CENTER, 0);
            double width = set.number(DicomDataSet.WINDOW_WIDTH, 0);
            if (width >= 1) {
                return new GrayscaleWindow(centre - 0.5 - (width - 1) / 2, centre - 0.5 + (width - 1) / 2,
                        String.format(Locale.ROOT, "window centre %s width %s", centre, width), true);
            }
        }
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        double low = rank(sorted, LOW_PERCENTILE);
        double high = rank(sorted, HIGH_PERCENTILE);
        if (high <= low) {
            // over 99 % of the frame is one value (e.g. a small segmentation mask): the percentiles would erase the
            // rest, so the full range is used
            return new GrayscaleWindow(sorted[0], sorted[sorted.length - 1], "min-max (percentiles equal)", false);
        }
        return new GrayscaleWindow(low, high, "percentile " + LOW_PERCENTILE + "-" + HIGH_PERCENTILE, false);
    }

    /** Nearest-rank percentile: the value at index ceil(q / 100 * n) - 1 of the sorted values. */
    private static double rank(float[] sorted, double q) {
        int index = (int) Math.ceil(q / 100 * sorted.length) - 1;
        return sorted[Math.clamp(index, 0, sorted.length - 1)];
    }

    float apply(float x) {
        if (linearVoi) {
            if (x <= low) {
                return 0f;
            }
            if (x > high) {
                return 1f;
            }
            // high - low = w - 1 > 0 here: x in (low, high] needs w > 1
            return (float) ((x - low) / (high - low));
        }
        if (high <= low) {
            return 0f;
        }
        return (float) Math.clamp((x - low) / (high - low), 0, 1);
    }

    String describe() {
        return String.format(Locale.ROOT, "%s: [%s, %s] -> [0, 1]", rule, low, high);
    }
}
