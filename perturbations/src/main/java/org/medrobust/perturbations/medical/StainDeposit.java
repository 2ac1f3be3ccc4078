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
 * MedMNIST-C's {@code StainDeposit} (microscopy.py): ink deposits on a pathology slide. With {@code m} the registry's
 * maximum number of marks for the severity, {@code randint(1, m)} marks (exactly {@code m} when m is 1), each a
 * random one of MedMNIST-C's ten binary ink masks ({@code assets/inks.npz}, key {@code max(3, severity - 1)}: the
 * 24 x 24 masks at severities 1-4, the 32 x 32 ones at 5; shipped as {@code inks.txt} beside this class) placed at
 * {@code randint(10, side - ink - 10)} per axis, sets the pixels under the ink to black in every channel
 * ({@code x *= 1 - ink}).
 *
 * <p>Resolution: masks and positions live on the 224 px grid the masks were made for (the image side divided by
 * {@code scale}); each image pixel is darkened by the fraction of its footprint on that grid the ink covers,
 * {@code v (1 - coverage)}, marks multiplying. At scale 1 (224 px, or {@link Resolution#NATIVE}) the coverage is the
 * mask itself and the result is the reference's exactly; at 28 px a 24 px mask becomes a soft 3 px stain. Where the
 * grid is too small for the reference's margins (it refuses such images), the corner is drawn from the one place
 * left and the ink is clipped at the border. Records each mark's mask, x and y on the grid.
 */
final class StainDeposit {

    /** The masks the reference reads: key 3 (24 px) and key 4 (32 px), ten each. */
    private static final Map<Integer, List<boolean[][]>> INKS = read();

    private static final int MARGIN = 10;

    private StainDeposit() {
    }

    static List<boolean[][]> inks(int key) {
        return INKS.get(key);
    }

    static Perturbed apply(Image image, int maxMarks, int severity, double scale, RandomGenerator random) {
        int h = image.shape().height();
        int w = image.shape().width();
        int gridH = (int) Math.round(h / scale);
        int gridW = (int) Math.round(w / scale);
        List<boolean[][]> inks = INKS.get(Math.max(3, severity - 1));
        int marks = maxMarks > 1 ? random.nextInt(1, maxMarks + 1) : maxMarks;
        double[] keep = new double[h * w];
        java.util.Arrays.fill(keep, 1.0);
        List<List<Integer>> drawn = new ArrayList<>();
        for (int k = 0; k < marks; k++) {
            int which = random.nextInt(inks.size());
            boolean[][] ink = inks.get(which);
            int x0 = random.nextInt(MARGIN, Math.max(MARGIN, gridW - ink[0].length - MARGIN) + 1);
            int y0 = random.nextInt(MARGIN, Math.max(MARGIN, gridH - ink.length - MARGIN) + 1);
            drawn.add(List.of(which, x0, y0));
            stamp(keep, h, w, ink, x0, y0, scale);
        }
        double[][] planes = Planes.of(image);
        for (double[] plane : planes) {
            for (int i = 0; i < plane.length; i++) {
                plane[i] *= keep[i];
            }
        }
        Map<String, Object> sampled = new LinkedHashMap<>();
        sampled.put("ink_px", inks.getFirst().length);
        sampled.put("marks_index_x_y_224px", drawn);
        return new Perturbed(Planes.image(image.shape(), planes), sampled);
    }

    /** Multiplies {@code keep} by 1 - the ink's coverage of each pixel footprint (area on the grid). */
    private static void stamp(double[] keep, int h, int w, boolean[][] ink, int x0, int y0, double scale) {
        int yFrom = Math.max(0, (int) Math.floor(y0 * scale));
        int yTo = Math.min(h - 1, (int) Math.ceil((y0 + ink.length) * scale));
        int xFrom = Math.max(0, (int) Math.floor(x0 * scale));
        int xTo = Math.min(w - 1, (int) Math.ceil((x0 + ink[0].length) * scale));
        double footprint = 1 / (scale * scale);
        for (int y = yFrom; y <= yTo; y++) {
            for (int x = xFrom; x <= xTo; x++) {
                double covered = 0;
                // the pixel's footprint on the grid: [x / scale, (x + 1) / scale)
                double gx0 = x / scale - x0;
                double gx1 = (x + 1) / scale - x0;
                double gy0 = y / scale - y0;
                double gy1 = (y + 1) / scale - y0;
                for (int iy = Math.max(0, (int) Math.floor(gy0)); iy < Math.min(ink.length, Math.ceil(gy1)); iy++) {
                    double oy = Math.min(gy1, iy + 1) - Math.max(gy0, iy);
                    for (int ix = Math.max(0, (int) Math.floor(gx0)); ix < Math.min(ink[0].length, Math.ceil(gx1));
                            ix++) {
                        if (ink[iy][ix]) {
                            covered += oy * (Math.min(gx1, ix + 1) - Math.max(gx0, ix));
                        }
                    }
                }
                keep[y * w + x] *= 1 - Math.min(1.0, covered / footprint);
            }
        }
    }

    private static Map<Integer, List<boolean[][]>> read() {
        Map<Integer, List<boolean[][]>> inks = new LinkedHashMap<>();
        try (InputStream in = StainDeposit.class.getResourceAsStream("inks.txt")) {
            if (in == null) {
                throw new IllegalStateException("MedMNIST-C ink masks missing from the jar: inks.txt");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            List<String> rows = null;
            int key = -1;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("#")) {
                    continue;
                }
                if (line.contains(" ")) {
                    if (rows != null) {
                        inks.computeIfAbsent(key, k -> new ArrayList<>()).add(mask(rows));
                    }
                    key = Integer.parseInt(line.substring(0, line.indexOf(' ')));
                    rows = new ArrayList<>();
                } else {
                    rows.add(line);
                }
            }
            inks.computeIfAbsent(key, k -> new ArrayList<>()).add(mask(rows));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the MedMNIST-C ink masks", e);
        }
        return inks;
    }

    private static boolean[][] mask(List<String> rows) {
        boolean[][] mask = new boolean[rows.size()][];
        for (int y = 0; y < rows.size(); y++) {
            mask[y] = new boolean[rows.get(y).length()];
            for (int x = 0; x < mask[y].length; x++) {
                mask[y][x] = rows.get(y).charAt(x) == '1';
            }
        }
        return mask;
    }
}
