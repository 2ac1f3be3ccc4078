package org.medrobust.perturbations.medical;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.Perturbation.Perturbed;
import org.medrobust.perturbations.ops.Planes;

/**
 * MedMNIST-C's task-specific artefacts (microscopy.py) that medrobust implements: air bubbles on a pathology
 * slide and the black corners of a dermoscope. Positions and sizes are drawn on the 224 px grid MedMNIST-C was
 * designed for and mapped to the image by {@code scale = side / 224} (see {@link Resolution}).
 */
final class Microscopy {

    private Microscopy() {
    }

    /**
     * {@code Bubble}: {@code randint(7, maxBubbles)} bubbles, each of radius {@code randint(3, maxRadius)} at
     * {@code randint(r, side - r)}, drawn as two concentric white discs on a transparent layer (Pillow
     * {@code ellipse}: the outer, 2 px wider, at alpha 130, the inner at alpha 100, later discs overwriting
     * earlier ones) pasted over the image: {@code v + (1 - v) alpha / 255}. Records the bubbles.
     */
    static Perturbed bubble(Image image, int maxRadius, int maxBubbles, double scale, RandomGenerator random) {
        int h = image.shape().height();
        int w = image.shape().width();
        double[] alpha = new double[h * w];
        int design = (int) Math.round(w / scale);
        int count = random.nextInt(7, Math.max(7, maxBubbles) + 1);
        List<List<Integer>> drawn = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            int r = random.nextInt(3, Math.max(3, maxRadius) + 1);
            int x = random.nextInt(r, Math.max(r, design - r) + 1);
            int y = random.nextInt(r, Math.max(r, design - r) + 1);
            drawn.add(List.of(x, y, r));
            disc(alpha, h, w, x * scale, y * scale, (r + 2) * scale, 130 / 255.0);
            disc(alpha, h, w, x * scale, y * scale, r * scale, 100 / 255.0);
        }
        double[][] p = Planes.of(image);
        for (double[] plane : p) {
            for (int i = 0; i < plane.length; i++) {
                plane[i] += (1 - plane[i]) * alpha[i];
            }
        }
        Map<String, Object> sampled = new LinkedHashMap<>();
        sampled.put("bubbles_xyr_224px", drawn);
        return new Perturbed(Planes.image(image.shape(), p), sampled);
    }

    /** Pixels whose centre lies in the disc (Pillow's ellipse bounding box {@code [c - r, c + r]}) get alpha. */
    private static void disc(double[] alpha, int h, int w, double cx, double cy, double r, double value) {
        for (int y = Math.max(0, (int) Math.floor(cy - r)); y <= Math.min(h - 1, (int) Math.ceil(cy + r)); y++) {
            for (int x = Math.max(0, (int) Math.floor(cx - r)); x <= Math.min(w - 1, (int) Math.ceil(cx + r)); x++) {
                double dx = x + 0.5 - cx;
                double dy = y + 0.5 - cy;
                if (dx * dx + dy * dy <= r * r) {
                    alpha[y * w + x] = value;
                }
            }
        }
    }

    /**
     * {@code BlackCorner}: everything outside the centred disc of radius {@code multiplier * min(side) / 2} (OpenCV
     * {@code circle}, filled) set to black, as a dermoscope's round field of view. Relative, so the same at any
     * resolution.
     */
    static Image blackCorner(Image image, double multiplier) {
        int h = image.shape().height();
        int w = image.shape().width();
        int cx = w / 2;
        int cy = h / 2;
        int radius = (int) (Math.min(Math.min(cx, cy), Math.min(w - cx, h - cy)) * multiplier);
        double[][] p = Planes.of(image);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if ((x - cx) * (x - cx) + (y - cy) * (y - cy) > radius * radius) {
                    for (double[] plane : p) {
                        plane[y * w + x] = 0;
                    }
                }
            }
        }
        return Planes.image(image.shape(), p);
    }
}
