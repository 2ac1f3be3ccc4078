package org.medrobust.perturbations.medical;

import org.medrobust.datasets.Image;
import org.medrobust.perturbations.ops.Pil;
import org.medrobust.perturbations.ops.Planes;

/**
 * Pillow's {@code ImageEnhance.Brightness} and {@code ImageEnhance.Contrast} (MedMNIST-C enhance.py), bit-exact on
 * 8-bit values ({@link Pil#blend}): brightness blends with black, {@code trunc(f v)}; contrast blends with the
 * image's mean luma rounded to an integer, {@code trunc(m + f (v - m))}, clipped. A float image is rounded to 8
 * bits first, as saving it would. Gray images: the luma of R = G = B is the gray value, so one channel is exact.
 */
final class PilEnhance {

    private PilEnhance() {
    }

    static Image brightness(Image image, double factor) {
        int[][] bytes = Planes.toBytes(image);
        float alpha = (float) factor;
        for (int[] plane : bytes) {
            for (int i = 0; i < plane.length; i++) {
                plane[i] = Pil.blend(0, plane[i], alpha);
            }
        }
        return Planes.fromBytes(image.shape(), bytes);
    }

    static Image contrast(Image image, double factor) {
        int[][] bytes = Planes.toBytes(image);
        int n = bytes[0].length;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += bytes.length == 3 ? Pil.luma(bytes[0][i], bytes[1][i], bytes[2][i]) : bytes[0][i];
        }
        int mean = (int) (sum / n + 0.5);
        float alpha = (float) factor;
        for (int[] plane : bytes) {
            for (int i = 0; i < n; i++) {
                plane[i] = Pil.blend(mean, plane[i], alpha);
            }
        }
        return Planes.fromBytes(image.shape(), bytes);
    }

    /**
     * torchvision {@code adjust_gamma(img, gamma, gain=1)} on a PIL image (MedMNIST-C GammaCorrection): the lookup
     * table {@code int(255.999 (v / 255)^gamma)}.
     */
    static Image gamma(Image image, double gamma) {
        int[] lut = new int[256];
        for (int v = 0; v < 256; v++) {
            lut[v] = (int) ((255 + 1 - 1e-3) * Math.pow(v / 255.0, gamma));
        }
        int[][] bytes = Planes.toBytes(image);
        for (int[] plane : bytes) {
            for (int i = 0; i < plane.length; i++) {
                plane[i] = lut[plane[i]];
            }
        }
        return Planes.fromBytes(image.shape(), bytes);
    }
}
