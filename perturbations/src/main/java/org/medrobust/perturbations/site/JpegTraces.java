package org.medrobust.perturbations.site;

import java.util.List;
import org.medrobust.datasets.Image;

/**
 * The JPEG quality a collection of decoded images went through, from the lattice its DCT coefficients lie on (Fan and
 * de Queiroz 2003, "Identification of bitmap compression history: JPEG detection and quantizer estimation", IEEE
 * Trans. Image Processing 12(2)): JPEG stores each 8 x 8 block's DCT coefficient {@code (u, v)} as a multiple of the
 * table's step {@code Q(u, v)}, and decoding to 8-bit pixels moves it by rounding only (standard deviation about .3
 * grey levels in the orthonormal DCT), so the coefficients of the decoded pixels, recomputed on the same grid, cluster
 * at multiples of Q. Per IJG quality q ({@link JpegQuality#ijgTable}) the score is the mean of {@code cos(2 pi c /
 * Q_q(u, v))} over the ten lowest-frequency coefficients (zig-zag order, the DC included) of every block of the
 * top-left-anchored grid that holds no pixel at 0 or 255 (clipping breaks the lattice), leaving out coefficients under
 * 3 in magnitude (zeros sit on every lattice); about 1 on the true lattice, near 0 off it, lower on a divisor of it.
 * The kept quality is the highest whose score is within {@value #TIE} of the best, where the best reaches
 * {@value #DETECTED}. Measured on the shipped X-rays (28 x 28, 312 images, 40 and 120 photons): qualities 90, 85, 60,
 * 40, 30 come back exactly (scores .76-.996) and 75 as 75; uncompressed images score at most .14; JPEG 95 (steps of 1
 * to 3) scores .28 and is not detected. Complements the blockiness ({@link JpegPixelFit}), which at 28 x 28 sees
 * qualities only up to 35-80.
 */
final class JpegTraces {

    /** The best score a quality must reach to count as detected. */
    static final double DETECTED = 0.5;
    /** Qualities within this of the best score tie (their tables agree on the frequencies used); the highest is kept. */
    static final double TIE = 0.005;
    private static final int FREQUENCIES = 10;
    /**
     * Qualities below this are not candidates: their steps (up to 255) are as wide as the coefficients themselves, so
     * any image's small coefficients sit near their lattice's zero ({@link JpegPixelFit}'s lowest candidate too).
     */
    static final int LOWEST = 10;
    private static final double MIN_COEFFICIENT = 3;
    private static final int[] ZIGZAG = {0, 1, 8, 16, 9, 2, 3, 10, 17, 24};
    private static final double[][] BASIS = new double[8][8];

    static {
        for (int u = 0; u < 8; u++) {
            for (int x = 0; x < 8; x++) {
                BASIS[u][x] = Math.sqrt((u == 0 ? 1 : 2) / 8.0) * Math.cos((2 * x + 1) * u * Math.PI / 16);
            }
        }
    }

    /** The detected quality (0: none detected) and its score. */
    record Estimate(int quality, double score) {
    }

    private JpegTraces() {
    }

    static Estimate of(List<Image> images) {
        int[][] tables = new int[101][];
        for (int q = LOWEST; q <= 100; q++) {
            tables[q] = JpegQuality.ijgTable(q);
        }
        double[] sum = new double[101];
        long count = 0;
        double[] block = new double[64];
        for (Image image : images) {
            int h = image.shape().height();
            int w = image.shape().width();
            float[] x = image.pixels();
            for (int top = 0; top + 8 <= h; top += 8) {
                for (int left = 0; left + 8 <= w; left += 8) {
                    if (!levelShifted(x, w, top, left, block)) {
                        continue;
                    }
                    for (int k = 0; k < FREQUENCIES; k++) {
                        int f = ZIGZAG[k];
                        double c = coefficient(block, f / 8, f % 8);
                        if (Math.abs(c) < MIN_COEFFICIENT) {
                            continue;
                        }
                        count++;
                        for (int q = LOWEST; q <= 100; q++) {
                            sum[q] += Math.cos(2 * Math.PI * c / tables[q][f]);
                        }
                    }
                }
            }
        }
        if (count == 0) {
            return new Estimate(0, 0);
        }
        double best = Double.NEGATIVE_INFINITY;
        for (int q = LOWEST; q <= 100; q++) {
            best = Math.max(best, sum[q] / count);
        }
        if (best < DETECTED) {
            return new Estimate(0, best);
        }
        for (int q = 100; q >= LOWEST; q--) {
            if (sum[q] / count >= best - TIE) {
                return new Estimate(q, sum[q] / count);
            }
        }
        throw new IllegalStateException("unreachable: the best score is some quality's");
    }

    /** The block's 8-bit values minus 128 into {@code block}; false if a pixel is clipped at 0 or 255. */
    private static boolean levelShifted(float[] x, int w, int top, int left, double[] block) {
        for (int r = 0; r < 8; r++) {
            for (int c = 0; c < 8; c++) {
                long v = Math.round(x[(top + r) * w + left + c] * 255.0);
                if (v <= 0 || v >= 255) {
                    return false;
                }
                block[r * 8 + c] = v - 128;
            }
        }
        return true;
    }

    /** The orthonormal 2-D DCT-II coefficient (u vertical, v horizontal frequency), as JPEG defines it. */
    private static double coefficient(double[] block, int u, int v) {
        double c = 0;
        for (int r = 0; r < 8; r++) {
            double row = 0;
            for (int col = 0; col < 8; col++) {
                row += BASIS[v][col] * block[r * 8 + col];
            }
            c += BASIS[u][r] * row;
        }
        return c;
    }
}
