package org.medrobust.perturbations.ops;

import java.util.function.DoubleUnaryOperator;
import org.medrobust.datasets.Image;

/** scikit-image's {@code rgb2hsv} / {@code hsv2rgb} (hue in [0, 1)), and edits of one HSV component. */
public final class Hsv {

    private Hsv() {
    }

    /** Changes value (2) or saturation (1) of an RGB image by {@code f}, clipped to [0, 1], and converts back. */
    public static Image mapComponent(Image rgb, int component, DoubleUnaryOperator f) {
        double[][] p = Planes.of(rgb);
        double[] hsv = new double[3];
        double[] out = new double[3];
        for (int i = 0; i < p[0].length; i++) {
            toHsv(p[0][i], p[1][i], p[2][i], hsv);
            hsv[component] = Math.clamp(f.applyAsDouble(hsv[component]), 0.0, 1.0);
            toRgb(hsv[0], hsv[1], hsv[2], out);
            p[0][i] = out[0];
            p[1][i] = out[1];
            p[2][i] = out[2];
        }
        return Planes.image(rgb.shape(), p);
    }

    /** skimage rgb2hsv: ties for the maximum go to blue, then green, then red (its assignment order). */
    static void toHsv(double r, double g, double b, double[] hsv) {
        double v = Math.max(r, Math.max(g, b));
        double delta = v - Math.min(r, Math.min(g, b));
        double s = delta == 0 ? 0 : delta / v;
        double h = 0;
        if (delta != 0) {
            if (b == v) {
                h = 4 + (r - g) / delta;
            } else if (g == v) {
                h = 2 + (b - r) / delta;
            } else {
                h = (g - b) / delta;
            }
            h = ((h / 6) % 1.0 + 1.0) % 1.0; // Python's % is never negative
        }
        hsv[0] = h;
        hsv[1] = s;
        hsv[2] = v;
    }

    static void toRgb(double h, double s, double v, double[] rgb) {
        double hi = Math.floor(h * 6);
        double f = h * 6 - hi;
        double p = v * (1 - s);
        double q = v * (1 - f * s);
        double t = v * (1 - (1 - f) * s);
        switch (((int) hi % 6 + 6) % 6) {
            case 0 -> set(rgb, v, t, p);
            case 1 -> set(rgb, q, v, p);
            case 2 -> set(rgb, p, v, t);
            case 3 -> set(rgb, p, q, v);
            case 4 -> set(rgb, t, p, v);
            default -> set(rgb, v, p, q);
        }
    }

    private static void set(double[] rgb, double r, double g, double b) {
        rgb[0] = r;
        rgb[1] = g;
        rgb[2] = b;
    }
}
