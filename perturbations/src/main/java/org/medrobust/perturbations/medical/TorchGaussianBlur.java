package org.medrobust.perturbations.medical;

import org.medrobust.datasets.Image;
import org.medrobust.perturbations.ops.Border;
import org.medrobust.perturbations.ops.Filters;
import org.medrobust.perturbations.ops.Planes;

/**
 * torchvision {@code gaussian_blur(img, kernel_size=k)} (MedMNIST-C GaussianBlur): sigma defaults to
 * {@code 0.3 ((k - 1) / 2 - 1) + 0.8}; the separable kernel samples {@code exp(-x^2 / (2 sigma^2))} at
 * x = -(k-1)/2 .. (k-1)/2, normalised; borders mirrored (torch {@code 'reflect'} = {@code BORDER_REFLECT_101}).
 * torchvision rounds the result of an 8-bit image; medrobust keeps the float.
 */
final class TorchGaussianBlur {

    private TorchGaussianBlur() {
    }

    static double defaultSigma(int kernelSize) {
        return 0.3 * ((kernelSize - 1) * 0.5 - 1) + 0.8;
    }

    static Image blur(Image image, int kernelSize, double sigma) {
        if (kernelSize <= 1 || sigma <= 0) {
            return image.copy();
        }
        double[] kernel = new double[kernelSize];
        double sum = 0;
        for (int i = 0; i < kernelSize; i++) {
            double x = i - (kernelSize - 1) * 0.5;
            kernel[i] = Math.exp(-0.5 * (x / sigma) * (x / sigma));
            sum += kernel[i];
        }
        for (int i = 0; i < kernelSize; i++) {
            kernel[i] /= sum;
        }
        int h = image.shape().height();
        int w = image.shape().width();
        return Planes.perPlane(image, p -> Filters.correlateRows(
                Filters.correlateColumns(p, h, w, kernel, Border.REFLECT_101), h, w, kernel, Border.REFLECT_101));
    }
}
