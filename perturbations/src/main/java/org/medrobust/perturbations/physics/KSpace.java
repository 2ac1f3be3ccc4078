package org.medrobust.perturbations.physics;

import java.util.HashMap;
import java.util.Map;
import org.jtransforms.fft.DoubleFFT_2D;

/**
 * The centred 2-D discrete Fourier transform of one image channel ("k-space"), as TorchIO's {@code FourierTransform}
 * and MONAI's {@code Fourier.shift_fourier} use it: {@code fftshift(fftn(x))}, so the zero frequency sits at
 * {@code (H/2, W/2)} (integer division), and the inverse {@code ifftn(ifftshift(k))}. The FFT itself is JTransforms'
 * {@link DoubleFFT_2D} (unnormalised forward, inverse scaled by 1/(HW), as numpy and torch).
 *
 * <p>Spectra are interleaved complex arrays: entry (u, v) has its real part at {@code 2 (u W + v)} and its imaginary
 * part right after.
 */
final class KSpace {

    /** One per image size and thread: JTransforms plans (twiddle tables) are worth reusing, not worth sharing. */
    private static final ThreadLocal<Map<Long, KSpace>> PLANS = ThreadLocal.withInitial(HashMap::new);

    private final int height;
    private final int width;
    private final DoubleFFT_2D fft;

    /** The transform for H x W channels, reused within a thread. */
    static KSpace of(int height, int width) {
        return PLANS.get().computeIfAbsent((long) height << 32 | width, key -> new KSpace(height, width));
    }

    KSpace(int height, int width) {
        this.height = height;
        this.width = width;
        this.fft = new DoubleFFT_2D(height, width);
    }

    int height() {
        return height;
    }

    int width() {
        return width;
    }

    /** Centred spectrum of a real channel of H x W values. */
    double[] forward(double[] channel) {
        double[] complex = new double[2 * height * width];
        for (int i = 0; i < channel.length; i++) {
            complex[2 * i] = channel[i];
        }
        fft.complexForward(complex);
        return shift(complex, height / 2, width / 2);
    }

    /** The complex image of a centred spectrum (the argument is left untouched). */
    double[] inverseComplex(double[] centredSpectrum) {
        double[] complex = shift(centredSpectrum, -(height / 2), -(width / 2));
        fft.complexInverse(complex, true);
        return complex;
    }

    /** The real part of the image of a centred spectrum, as both references keep it ({@code .real}). */
    double[] inverseReal(double[] centredSpectrum) {
        double[] complex = inverseComplex(centredSpectrum);
        double[] real = new double[height * width];
        for (int i = 0; i < real.length; i++) {
            real[i] = complex[2 * i];
        }
        return real;
    }

    /** Index of the real part of entry (u, v) in an interleaved spectrum. */
    int index(int u, int v) {
        return 2 * (u * width + v);
    }

    /** Circular shift by (du, dv): out(u + du, v + dv) = in(u, v), numpy's {@code roll}; fftshift is (H/2, W/2). */
    private double[] shift(double[] in, int du, int dv) {
        double[] out = new double[in.length];
        for (int u = 0; u < height; u++) {
            int tu = Math.floorMod(u + du, height);
            for (int v = 0; v < width; v++) {
                int tv = Math.floorMod(v + dv, width);
                out[index(tu, tv)] = in[index(u, v)];
                out[index(tu, tv) + 1] = in[index(u, v) + 1];
            }
        }
        return out;
    }
}
