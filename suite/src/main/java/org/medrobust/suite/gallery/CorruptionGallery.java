package org.medrobust.suite.gallery;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.SplittableRandom;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.Perturbation;
import org.medrobust.perturbations.PerturbationCatalog;

/**
 * A grid for a person to look at: one row per corruption, the clean image then severities 1..n, each cell the
 * image enlarged by whole pixels (nearest neighbour, so no smoothing hides what the corruption did). Cell
 * (row, severity) draws from its own split of the seed's stream: the picture is the same for the same seed.
 */
public final class CorruptionGallery {

    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final int HEADER = 22;
    private static final int GAP = 4;

    private CorruptionGallery() {
    }

    public static BufferedImage render(Image image, List<String> corruptionIds, int zoom, long seed) {
        int cellW = image.shape().width() * zoom;
        int cellH = image.shape().height() * zoom;
        int columns = 1 + corruptionIds.stream().mapToInt(PerturbationCatalog::levels).max().orElse(5);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        java.awt.FontMetrics metrics = probe.createGraphics().getFontMetrics(LABEL_FONT);
        int labelWidth = 12 + corruptionIds.stream().mapToInt(metrics::stringWidth).max().orElse(0);
        int width = labelWidth + columns * (cellW + GAP);
        int height = HEADER + corruptionIds.size() * (cellH + GAP);
        BufferedImage grid = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString("clean", labelWidth, HEADER - 6);
        for (int s = 1; s < columns; s++) {
            g.drawString("severity " + s, labelWidth + s * (cellW + GAP), HEADER - 6);
        }
        g.setFont(LABEL_FONT);
        SplittableRandom random = new SplittableRandom(seed);
        for (int row = 0; row < corruptionIds.size(); row++) {
            String id = corruptionIds.get(row);
            int y = HEADER + row * (cellH + GAP);
            g.setColor(Color.BLACK);
            g.drawString(id, 4, y + cellH / 2 + 4);
            draw(grid, image, labelWidth, y, zoom);
            List<Perturbation> levels = PerturbationCatalog.allSeverities(id);
            for (Perturbation p : levels) {
                Image corrupted = p.apply(image, random.split());
                draw(grid, corrupted, labelWidth + p.severity() * (cellW + GAP), y, zoom);
            }
        }
        g.dispose();
        return grid;
    }

    /** Gray as gray, RGB as colour, values rounded to 8 bits. */
    private static void draw(BufferedImage grid, Image image, int left, int top, int zoom) {
        int h = image.shape().height();
        int w = image.shape().width();
        int n = h * w;
        float[] p = image.pixels();
        boolean rgb = image.shape().channels() == 3;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int r = level(p[i]);
                int gr = rgb ? level(p[n + i]) : r;
                int b = rgb ? level(p[2 * n + i]) : r;
                int colour = r << 16 | gr << 8 | b;
                for (int dy = 0; dy < zoom; dy++) {
                    for (int dx = 0; dx < zoom; dx++) {
                        grid.setRGB(left + x * zoom + dx, top + y * zoom + dy, colour);
                    }
                }
            }
        }
    }

    private static int level(float v) {
        return Math.round(Math.clamp(v, 0f, 1f) * 255f);
    }
}
