package org.medrobust.perturbations.site;

import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageShape;

/**
 * Stain variation of H&E histology in the HED space (Tellez et al. 2018, "Whole-slide mitosis detection in H&E
 * breast histology using PHH3 as a reference to train distilled stain-invariant convolutional networks"; Tellez et
 * al. 2019, "Quantifying the effects of data augmentation and stain color normalization"): each RGB pixel is
 * separated into haematoxylin, eosin and DAB optical densities by Ruifrok and Johnston's colour deconvolution
 * (2001), each stain channel becomes {@code alpha_i s_i + beta_i} with {@code alpha_i ~ U(1 - theta, 1 + theta)},
 * {@code beta_i ~ U(-theta, theta)}, and the stains are recombined. theta 0.05 is Tellez's light, 0.2 its strong
 * setting. The conversion follows scikit-image's {@code rgb2hed}/{@code hed2rgb}: {@code rgb = max(rgb, 1e-6)},
 * {@code s = (ln rgb / ln 1e-6) M_hed_from_rgb}, clipped at 0; back, {@code rgb = exp(-(s * -ln 1e-6) M_rgb_from_hed)},
 * clipped to [0, 1]; M_rgb_from_hed is Ruifrok's matrix (rows H, E, DAB) and M_hed_from_rgb its inverse. Applies to
 * RGB images only.
 */
final class HedJitter {

    /** Ruifrok and Johnston's stain vectors (rows: haematoxylin, eosin, DAB), as scikit-image's rgb_from_hed. */
    static final double[][] RGB_FROM_HED = {{0.65, 0.70, 0.29}, {0.07, 0.99, 0.11}, {0.27, 0.57, 0.78}};
    static final double[][] HED_FROM_RGB = inverse(RGB_FROM_HED);

    private static final double FLOOR = 1e-6;
    private static final double LOG_ADJUST = StrictMath.log(FLOOR);

    private HedJitter() {
    }

    /** The image with stain channel i mapped to {@code alphas[i] s + betas[i]}; needs 3 channels. */
    static Image apply(Image image, double[] alphas, double[] betas) {
        ImageShape shape = image.shape();
        if (shape.channels() != 3) {
            throw new IllegalArgumentException("HED stain jitter needs an RGB image, got " + shape.channels() + " channels");
        }
        int plane = shape.height() * shape.width();
        float[] in = image.pixels();
        float[] out = new float[in.length];
        double[] rgb = new double[3];
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < 3; c++) {
                rgb[c] = in[c * plane + p];
            }
            double[] stains = toStains(rgb);
            for (int i = 0; i < 3; i++) {
                stains[i] = alphas[i] * stains[i] + betas[i];
            }
            double[] back = toRgb(stains);
            for (int c = 0; c < 3; c++) {
                out[c * plane + p] = (float) back[c];
            }
        }
        return new Image(shape, out);
    }

    /** scikit-image's rgb2hed of one pixel. */
    static double[] toStains(double[] rgb) {
        double[] od = new double[3];
        for (int c = 0; c < 3; c++) {
            od[c] = StrictMath.log(Math.max(rgb[c], FLOOR)) / LOG_ADJUST;
        }
        double[] stains = times(od, HED_FROM_RGB);
        for (int i = 0; i < 3; i++) {
            stains[i] = Math.max(stains[i], 0);
        }
        return stains;
    }

    /** scikit-image's hed2rgb of one pixel, clipped to [0, 1]. */
    static double[] toRgb(double[] stains) {
        double[] scaled = new double[3];
        for (int i = 0; i < 3; i++) {
            scaled[i] = stains[i] * -LOG_ADJUST;
        }
        double[] log = times(scaled, RGB_FROM_HED);
        double[] rgb = new double[3];
        for (int c = 0; c < 3; c++) {
            rgb[c] = Math.clamp(StrictMath.exp(-log[c]), 0.0, 1.0);
        }
        return rgb;
    }

    /** Row vector times matrix. */
    private static double[] times(double[] row, double[][] matrix) {
        double[] out = new double[3];
        for (int j = 0; j < 3; j++) {
            for (int k = 0; k < 3; k++) {
                out[j] += row[k] * matrix[k][j];
            }
        }
        return out;
    }

    /** Inverse of a 3 x 3 matrix by its adjugate. */
    private static double[][] inverse(double[][] m) {
        double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
        double[][] inv = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                // cofactor of (j, i), transposed
                int r0 = (j + 1) % 3;
                int r1 = (j + 2) % 3;
                int c0 = (i + 1) % 3;
                int c1 = (i + 2) % 3;
                inv[i][j] = (m[r0][c0] * m[r1][c1] - m[r0][c1] * m[r1][c0]) / det;
            }
        }
        return inv;
    }
}
