package org.medrobust.perturbations.medical;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.Perturbation.Perturbed;
import org.medrobust.perturbations.ops.Planes;

/**
 * MedMNIST-C's {@code Characters} (microscopy.py): handwritten-looking marks on a dermoscopy image. With the registry's
 * (max words, max letters, max font scale) for the severity: {@code randint(1, maxWords)} words, each of
 * {@code randint(3, maxLetters)} random lowercase letters at font scale {@code randint(14, int(100 maxScale)) / 100},
 * bottom-left corner {@code (randint(10, side - 8 letters), randint(10, side - 10))}, a random RGB colour
 * ({@code randint(0, 255)} each), drawn by OpenCV's {@code putText} in {@code FONT_HERSHEY_DUPLEX}, thickness 1,
 * {@code LINE_AA}; the random draws are made in the reference's order.
 *
 * <p>The strokes are the Hershey Roman Duplex glyphs (A. V. Hershey, U.S. National Bureau of Standards; format by
 * James Hurt, Cognition Inc.; lowercase a-z of {@code rowmand.jhf} as distributed by Debian's hershey-fonts-data,
 * shipped beside this class; see NOTICE), the set OpenCV's duplex font draws: glyph units times the font scale,
 * baseline (glyph y = 9) on the corner's row, each glyph advancing by its own width. <b>Approximation:</b> OpenCV's
 * anti-aliased polyline rasteriser is not reproduced; a stroke here covers a pixel by {@code 1 - distance} to the
 * segment (a 1 px wide anti-aliased line), words blend their colour over the image by that coverage. At the published
 * font scales the words are 3-4 px tall on a 224 px image, so the corruption is coloured scribble, as in MedMNIST-C.
 *
 * <p>Resolution: everything is laid out on the 224 px grid and mapped by {@code scale} (line width included: at 28 px
 * a stroke covers 1/8 of a pixel's width). Where the grid is too small for the reference's ranges (it refuses such
 * images), the corner is clamped to the lowest value. Records each word, its scale, corner and colour.
 */
final class Characters {

    /** Glyph strokes of 'a'..'z': per glyph its left and right bound and its polylines (x, y pairs). */
    private record Glyph(int left, int right, List<int[]> strokes) {
    }

    private static final List<Glyph> GLYPHS = read();

    /** Hershey's baseline row for Roman glyphs. */
    private static final int BASELINE = 9;

    private Characters() {
    }

    static Perturbed apply(Image image, int maxWords, int maxLetters, double maxScale, double scale,
            RandomGenerator random) {
        int h = image.shape().height();
        int w = image.shape().width();
        int gridH = (int) Math.round(h / scale);
        int gridW = (int) Math.round(w / scale);
        int words = random.nextInt(1, maxWords + 1);
        List<Map<String, Object>> drawn = new ArrayList<>();
        Image out = Planes.viaRgb(image, rgb -> {
            double[][] p = Planes.of(rgb);
            for (int k = 0; k < words; k++) {
                int letters = random.nextInt(3, Math.max(3, maxLetters) + 1);
                double fontScale = random.nextInt(14, (int) (maxScale * 100) + 1) / 100.0;
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < letters; i++) {
                    text.append((char) ('a' + random.nextInt(26)));
                }
                int x0 = random.nextInt(10, Math.max(10, gridW - 8 * letters) + 1);
                int y0 = random.nextInt(10, Math.max(10, gridH - 10) + 1);
                int[] colour = {random.nextInt(256), random.nextInt(256), random.nextInt(256)};
                double[] alpha = coverage(text.toString(), x0, y0, fontScale, scale, h, w);
                for (int c = 0; c < 3; c++) {
                    double v = colour[c] / 255.0;
                    for (int i = 0; i < alpha.length; i++) {
                        p[c][i] += (v - p[c][i]) * alpha[i];
                    }
                }
                Map<String, Object> word = new LinkedHashMap<>();
                word.put("text", text.toString());
                word.put("font_scale", fontScale);
                word.put("x_y_224px", List.of(x0, y0));
                word.put("rgb", List.of(colour[0], colour[1], colour[2]));
                drawn.add(word);
            }
            return Planes.image(rgb.shape(), p);
        });
        Map<String, Object> sampled = new LinkedHashMap<>();
        sampled.put("words", drawn);
        return new Perturbed(out, sampled);
    }

    /** How much of each image pixel the word's strokes cover (max over strokes, so crossings do not add up). */
    static double[] coverage(String text, int x0, int y0, double fontScale, double scale, int h, int w) {
        double[] alpha = new double[h * w];
        double width = scale; // OpenCV's thickness 1 at the 224 px grid
        double penX = x0;
        for (char ch : text.toCharArray()) {
            Glyph g = GLYPHS.get(ch - 'a');
            for (int[] stroke : g.strokes()) {
                for (int i = 0; i + 3 < stroke.length; i += 2) {
                    double ax = (penX + (stroke[i] - g.left()) * fontScale) * scale;
                    double ay = (y0 + (stroke[i + 1] - BASELINE) * fontScale) * scale;
                    double bx = (penX + (stroke[i + 2] - g.left()) * fontScale) * scale;
                    double by = (y0 + (stroke[i + 3] - BASELINE) * fontScale) * scale;
                    segment(alpha, h, w, ax, ay, bx, by, width);
                }
            }
            penX += (g.right() - g.left()) * fontScale;
        }
        return alpha;
    }

    /** A line of the given width from a to b, anti-aliased: coverage 1 - distance (scaled by a width below 1). */
    private static void segment(double[] alpha, int h, int w, double ax, double ay, double bx, double by,
            double width) {
        double reach = Math.max(1.0, width / 2 + 0.5);
        int yFrom = Math.max(0, (int) Math.floor(Math.min(ay, by) - reach));
        int yTo = Math.min(h - 1, (int) Math.ceil(Math.max(ay, by) + reach));
        int xFrom = Math.max(0, (int) Math.floor(Math.min(ax, bx) - reach));
        int xTo = Math.min(w - 1, (int) Math.ceil(Math.max(ax, bx) + reach));
        double dx = bx - ax;
        double dy = by - ay;
        double length2 = dx * dx + dy * dy;
        for (int y = yFrom; y <= yTo; y++) {
            for (int x = xFrom; x <= xTo; x++) {
                double px = x + 0.5 - ax; // pixel centres at + 0.5
                double py = y + 0.5 - ay;
                double t = length2 == 0 ? 0 : Math.clamp((px * dx + py * dy) / length2, 0.0, 1.0);
                double d = Math.hypot(px - t * dx, py - t * dy);
                double cover = width <= 1 ? width * Math.max(0, 1 - d) : Math.clamp(width / 2 + 0.5 - d, 0.0, 1.0);
                alpha[y * w + x] = Math.max(alpha[y * w + x], cover);
            }
        }
    }

    /** The Hershey format: glyph number (5), vertex count (3), left and right bound, then pairs, " R" = pen up. */
    private static List<Glyph> read() {
        List<Glyph> glyphs = new ArrayList<>();
        try (InputStream in = Characters.class.getResourceAsStream("rowmand-lowercase.jhf")) {
            if (in == null) {
                throw new IllegalStateException("Hershey glyphs missing from the jar: rowmand-lowercase.jhf");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                List<int[]> strokes = new ArrayList<>();
                List<Integer> current = new ArrayList<>();
                for (int i = 10; i + 1 < line.length(); i += 2) {
                    if (line.charAt(i) == ' ' && line.charAt(i + 1) == 'R') {
                        strokes.add(current.stream().mapToInt(Integer::intValue).toArray());
                        current = new ArrayList<>();
                    } else {
                        current.add(line.charAt(i) - 'R');
                        current.add(line.charAt(i + 1) - 'R');
                    }
                }
                strokes.add(current.stream().mapToInt(Integer::intValue).toArray());
                glyphs.add(new Glyph(line.charAt(8) - 'R', line.charAt(9) - 'R', strokes));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Hershey glyphs", e);
        }
        if (glyphs.size() != 26) {
            throw new IllegalStateException("expected 26 Hershey glyphs a-z, found " + glyphs.size());
        }
        return glyphs;
    }
}
