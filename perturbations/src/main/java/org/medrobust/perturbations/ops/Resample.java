package org.medrobust.perturbations.ops;

/** Resizing and sampling of one plane, as scipy.ndimage and Pillow do it. */
public final class Resample {

    /** Pillow's fixed-point precision for 8-bit resampling ({@code PRECISION_BITS = 32 - 8 - 2}). */
    private static final int PRECISION_BITS = 22;

    private Resample() {
    }

    /**
     * scipy.ndimage {@code zoom(plane, factor, order=1)} (scipy >= 1.6, {@code grid_mode=False}): output side
     * {@code round(n * factor)} (half to even, as Python's round), output index o samples input coordinate
     * {@code o * (n - 1) / (m - 1)} bilinearly.
     */
    public static double[] zoomLinear(double[] plane, int h, int w, double factor, int[] outSize) {
        int oh = (int) Math.rint(h * factor);
        int ow = (int) Math.rint(w * factor);
        double sy = oh > 1 ? (h - 1.0) / (oh - 1.0) : 1.0;
        double sx = ow > 1 ? (w - 1.0) / (ow - 1.0) : 1.0;
        double[] out = new double[oh * ow];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                out[y * ow + x] = bilinear(plane, h, w, y * sy, x * sx, Border.NEAREST);
            }
        }
        outSize[0] = oh;
        outSize[1] = ow;
        return out;
    }

    /**
     * ImageNet-C's {@code clipped_zoom}: crop the central {@code ceil(n / z)} block of each side, zoom it by z
     * ({@link #zoomLinear}) and cut the central h x w back out (the reference has square images; a rectangle is
     * treated side by side).
     */
    public static double[] clippedZoom(double[] plane, int h, int w, double zoom) {
        int ch = (int) Math.ceil(h / zoom);
        int cw = (int) Math.ceil(w / zoom);
        int top = (h - ch) / 2;
        int left = (w - cw) / 2;
        double[] crop = new double[ch * cw];
        for (int y = 0; y < ch; y++) {
            System.arraycopy(plane, (top + y) * w + left, crop, y * cw, cw);
        }
        int[] size = new int[2];
        double[] zoomed = zoomLinear(crop, ch, cw, zoom, size);
        int trimTop = (size[0] - h) / 2;
        int trimLeft = (size[1] - w) / 2;
        double[] out = new double[h * w];
        for (int y = 0; y < h; y++) {
            System.arraycopy(zoomed, (trimTop + y) * size[1] + trimLeft, out, y * w, w);
        }
        return out;
    }

    /** Bilinear sample at (y, x); neighbours outside the plane are read through {@code border}. */
    public static double bilinear(double[] plane, int h, int w, double y, double x, Border border) {
        int y0 = (int) Math.floor(y);
        int x0 = (int) Math.floor(x);
        double fy = y - y0;
        double fx = x - x0;
        int ya = border.index(y0, h) * w;
        int yb = border.index(y0 + 1, h) * w;
        int xa = border.index(x0, w);
        int xb = border.index(x0 + 1, w);
        return (1 - fy) * ((1 - fx) * plane[ya + xa] + fx * plane[ya + xb])
                + fy * ((1 - fx) * plane[yb + xa] + fx * plane[yb + xb]);
    }

    /**
     * Pillow's {@code Image.resize(size, Image.BOX)} on one 8-bit plane, exactly: the horizontal pass, then the
     * vertical, each with Pillow's box coefficients in 22-bit fixed point and an 8-bit intermediate.
     */
    public static int[] boxResize8(int[] plane, int h, int w, int newH, int newW) {
        int[] horizontal = w == newW ? plane : pass8(plane, h, w, newW, true);
        return h == newH ? horizontal : pass8(horizontal, h, newW, newH, false);
    }

    private static int[] pass8(int[] in, int h, int w, int outSize, boolean alongRows) {
        int inSize = alongRows ? w : h;
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = 0.5 * filterScale;
        int[][] weights = new int[outSize][];
        int[] starts = new int[outSize];
        for (int o = 0; o < outSize; o++) {
            double center = (o + 0.5) * scale;
            int xmin = Math.max((int) (center - support + 0.5), 0);
            int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
            double[] k = new double[xmax];
            double sum = 0;
            for (int x = 0; x < xmax; x++) {
                double arg = (x + xmin - center + 0.5) / filterScale;
                k[x] = arg > -0.5 && arg <= 0.5 ? 1.0 : 0.0;
                sum += k[x];
            }
            weights[o] = new int[xmax];
            for (int x = 0; x < xmax; x++) {
                double normalised = sum != 0 ? k[x] / sum : k[x];
                weights[o][x] = (int) (normalised * (1 << PRECISION_BITS) + 0.5);
            }
            starts[o] = xmin;
        }
        int outH = alongRows ? h : outSize;
        int outW = alongRows ? outSize : w;
        int[] out = new int[outH * outW];
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                int o = alongRows ? x : y;
                long acc = 1L << (PRECISION_BITS - 1);
                for (int t = 0; t < weights[o].length; t++) {
                    int src = starts[o] + t;
                    acc += (long) weights[o][t] * (alongRows ? in[y * w + src] : in[src * w + x]);
                }
                out[y * outW + x] = (int) Math.clamp(acc >> PRECISION_BITS, 0, 255);
            }
        }
        return out;
    }
}
