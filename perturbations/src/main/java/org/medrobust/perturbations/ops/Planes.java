package org.medrobust.perturbations.ops;

import java.util.function.UnaryOperator;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;

/**
 * Between {@link Image} (float, C x H x W) and per-channel {@code double[]} planes, and the one rule for applying a
 * colour corruption to a gray image ({@link #viaRgb}).
 */
public final class Planes {

    /** ITU-R BT.601 luma weights (OpenCV {@code RGB2GRAY}, Pillow {@code convert('L')}). */
    public static final double LUMA_R = 0.299;
    public static final double LUMA_G = 0.587;
    public static final double LUMA_B = 0.114;

    private Planes() {
    }

    /** One {@code double[]} per channel, a copy. */
    public static double[][] of(Image image) {
        ImageShape shape = image.shape();
        int n = shape.height() * shape.width();
        double[][] planes = new double[shape.channels()][n];
        float[] pixels = image.pixels();
        for (int c = 0; c < planes.length; c++) {
            for (int i = 0; i < n; i++) {
                planes[c][i] = pixels[c * n + i];
            }
        }
        return planes;
    }

    /** An image from planes, every value clipped to [0, 1] (NaN becomes 0). */
    public static Image image(ImageShape shape, double[][] planes) {
        int n = shape.height() * shape.width();
        float[] pixels = new float[shape.pixels()];
        for (int c = 0; c < planes.length; c++) {
            for (int i = 0; i < n; i++) {
                double v = planes[c][i];
                pixels[c * n + i] = v > 0 ? (float) Math.min(v, 1.0) : 0f;
            }
        }
        return new Image(shape, pixels);
    }

    /** The same operation on every channel (for corruptions that treat channels alike). */
    public static Image perPlane(Image image, UnaryOperator<double[]> op) {
        double[][] planes = of(image);
        for (int c = 0; c < planes.length; c++) {
            planes[c] = op.apply(planes[c]);
        }
        return image(image.shape(), planes);
    }

    /**
     * A corruption defined on RGB images applied to any image: RGB goes straight in; a gray image is replicated to
     * R = G = B, corrupted, and turned back to gray by BT.601 luma (MedMNIST-C's pipeline for gray data sets, in
     * float, without its 8-bit rounding). Other channel counts are refused.
     */
    public static Image viaRgb(Image image, UnaryOperator<Image> rgbOp) {
        int channels = image.shape().channels();
        if (channels == 3) {
            return rgbOp.apply(image);
        }
        if (channels != 1) {
            throw new InvalidInputException("colour corruptions need 1 (gray) or 3 (RGB) channels, got " + channels);
        }
        return luma(rgbOp.apply(replicate(image)));
    }

    /** Gray to RGB with R = G = B. */
    public static Image replicate(Image gray) {
        ImageShape shape = gray.shape();
        int n = shape.height() * shape.width();
        float[] out = new float[3 * n];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(gray.pixels(), 0, out, c * n, n);
        }
        return new Image(new ImageShape(3, shape.height(), shape.width()), out);
    }

    /** RGB to gray by BT.601 luma. */
    public static Image luma(Image rgb) {
        ImageShape shape = rgb.shape();
        int n = shape.height() * shape.width();
        float[] p = rgb.pixels();
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) Math.clamp(LUMA_R * p[i] + LUMA_G * p[n + i] + LUMA_B * p[2 * n + i], 0.0, 1.0);
        }
        return new Image(new ImageShape(1, shape.height(), shape.width()), out);
    }

    /** Values as 8-bit levels, rounded (how an 8-bit file stores a float image). */
    public static int[][] toBytes(Image image) {
        double[][] planes = of(image);
        int[][] out = new int[planes.length][planes[0].length];
        for (int c = 0; c < planes.length; c++) {
            for (int i = 0; i < planes[c].length; i++) {
                out[c][i] = (int) Math.round(Math.clamp(planes[c][i], 0.0, 1.0) * 255.0);
            }
        }
        return out;
    }

    /** 8-bit levels back to an image (level / 255). */
    public static Image fromBytes(ImageShape shape, int[][] bytes) {
        double[][] planes = new double[bytes.length][];
        for (int c = 0; c < bytes.length; c++) {
            planes[c] = new double[bytes[c].length];
            for (int i = 0; i < bytes[c].length; i++) {
                planes[c][i] = bytes[c][i] / 255.0;
            }
        }
        return image(shape, planes);
    }
}
