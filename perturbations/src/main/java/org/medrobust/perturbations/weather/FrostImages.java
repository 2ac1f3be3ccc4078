package org.medrobust.perturbations.weather;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;

/**
 * ImageNet-C's frost photographs ({@code frost1.png} .. {@code frost5.jpg} of hendrycks/robustness
 * {@code ImageNet-C/create_c}, commit 8190fe3, Apache License 2.0, shipped unchanged as resources of this package;
 * {@code frost6.jpg} is never drawn by the reference, whose {@code np.random.randint(5)} picks 0..4), and their
 * resized copies as {@code cv2.resize(frost, (0, 0), fx=f, fy=f)} (INTER_LINEAR) gives them.
 *
 * <p>OpenCV's linear resize samples at {@code (d + 0.5) / f - 0.5} without anti-aliasing; at CIFAR-10-C's
 * {@code f = 0.2} that is exactly source pixel {@code 5 d + 2}, so the reference's textures are reproduced
 * bit for bit (up to the JPEG decoder: javax.imageio's IJG decoder for frost4/5, libjpeg-turbo in the reference).
 * Alpha is dropped, as {@code cv2.imread} does. Values are 8-bit levels.
 */
final class FrostImages {

    /** Resource names, in the reference's order. */
    static final List<String> FILES = List.of("frost1.png", "frost2.png", "frost3.png", "frost4.jpg", "frost5.jpg");

    /** One photograph or its resized copy: R, G, B planes of 8-bit levels, row-major. */
    record Texture(int height, int width, int[][] rgb) {
    }

    private static final Map<String, Texture> CACHE = new ConcurrentHashMap<>();

    private FrostImages() {
    }

    /** Photograph {@code index} (0..4) resized by {@code factor} as OpenCV does; cached. */
    static Texture resized(int index, double factor) {
        Texture original = original(index); // outside the mapping function: ConcurrentHashMap forbids nested updates
        return CACHE.computeIfAbsent(index + "@" + factor, key -> resize(original, factor));
    }

    static Texture original(int index) {
        return CACHE.computeIfAbsent(index + "@original", key -> read(FILES.get(index)));
    }

    private static Texture read(String name) {
        try (InputStream in = FrostImages.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("frost texture missing from the jar: " + name);
            }
            BufferedImage image = ImageIO.read(in);
            int h = image.getHeight();
            int w = image.getWidth();
            int[][] rgb = new int[3][h * w];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int argb = image.getRGB(x, y); // non-premultiplied; alpha ignored like cv2.imread's colour mode
                    rgb[0][y * w + x] = (argb >> 16) & 0xff;
                    rgb[1][y * w + x] = (argb >> 8) & 0xff;
                    rgb[2][y * w + x] = argb & 0xff;
                }
            }
            return new Texture(h, w, rgb);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read frost texture " + name, e);
        }
    }

    /**
     * {@code cv2.resize(src, (0, 0), fx=f, fy=f, INTER_LINEAR)}: size {@code round(side f)}, sample at
     * {@code (d + 0.5) / f - 0.5} clamped to the image, bilinear, rounded to 8 bits (OpenCV uses 11-bit fixed-point
     * weights, which can differ by one level where the weights are not 0 or 1).
     */
    static Texture resize(Texture src, double factor) {
        int h = (int) Math.round(src.height() * factor);
        int w = (int) Math.round(src.width() * factor);
        int[][] out = new int[3][h * w];
        for (int y = 0; y < h; y++) {
            double sy = Math.clamp((y + 0.5) / factor - 0.5, 0.0, src.height() - 1.0);
            int y0 = (int) sy;
            int y1 = Math.min(y0 + 1, src.height() - 1);
            double fy = sy - y0;
            for (int x = 0; x < w; x++) {
                double sx = Math.clamp((x + 0.5) / factor - 0.5, 0.0, src.width() - 1.0);
                int x0 = (int) sx;
                int x1 = Math.min(x0 + 1, src.width() - 1);
                double fx = sx - x0;
                for (int c = 0; c < 3; c++) {
                    int[] p = src.rgb()[c];
                    double top = p[y0 * src.width() + x0] * (1 - fx) + p[y0 * src.width() + x1] * fx;
                    double bottom = p[y1 * src.width() + x0] * (1 - fx) + p[y1 * src.width() + x1] * fx;
                    out[c][y * w + x] = (int) Math.round(top * (1 - fy) + bottom * fy);
                }
            }
        }
        return new Texture(h, w, out);
    }
}
